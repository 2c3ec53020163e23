-- Philomena Protocol profiles: what the police need at once when a looked-
-- after child goes missing, kept in advance. One profile per person record;
-- its id is the id of the record it was first made for, so two first saves
-- at once cannot make two. A merge moves person_id to the record kept.
CREATE TABLE philomena_profiles (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL,
	looked_after BOOLEAN NOT NULL,
	height TEXT NOT NULL DEFAULT '',
	build TEXT NOT NULL DEFAULT '',
	hair TEXT NOT NULL DEFAULT '',
	eyes TEXT NOT NULL DEFAULT '',
	marks TEXT NOT NULL DEFAULT '',
	clothing TEXT NOT NULL DEFAULT '',
	transport TEXT NOT NULL DEFAULT '',
	conditions TEXT NOT NULL DEFAULT '',
	medication TEXT NOT NULL DEFAULT '',
	allergies TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	placement TEXT NOT NULL DEFAULT '',
	-- Associates, risky locations and phone numbers, as JSON arrays: free
	-- text shown together, never filtered or counted.
	associates TEXT NOT NULL DEFAULT '[]',
	locations TEXT NOT NULL DEFAULT '[]',
	phones TEXT NOT NULL DEFAULT '[]',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL REFERENCES users (id),
	updated_by_name TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX philomena_profiles_person ON philomena_profiles (person_id, updated_at);
-- The photograph, re-encoded as JPEG without metadata. BYTEA is PostgreSQL's
-- binary type; SQLite stores the bytes as a BLOB under the same name.
CREATE TABLE philomena_photos (
	profile_id TEXT PRIMARY KEY REFERENCES philomena_profiles (id),
	content BYTEA NOT NULL,
	content_type TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	uploaded_at TEXT NOT NULL,
	uploaded_by TEXT NOT NULL REFERENCES users (id),
	uploaded_by_name TEXT NOT NULL
);
