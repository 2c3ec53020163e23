-- Associations discussed at a meeting (a mapping meeting above all): a
-- young person and another person on record, a place, a peer group, a
-- vehicle, a phone or an online account, and how they are linked. They are
-- stored now for the association map. person_id is the young person;
-- other_person_id the other person when they are on record.
CREATE TABLE meeting_links (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	person_id TEXT NOT NULL REFERENCES people (id),
	other_kind TEXT NOT NULL,
	other_person_id TEXT REFERENCES people (id),
	other_text TEXT NOT NULL DEFAULT '',
	relation TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_links_meeting ON meeting_links (meeting_id, created_at);
CREATE INDEX meeting_links_person ON meeting_links (person_id);
CREATE INDEX meeting_links_other_person ON meeting_links (other_person_id) WHERE other_person_id IS NOT NULL;
