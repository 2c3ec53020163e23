-- Imports of the police forces' missing notifications. The uploaded file is
-- kept, with its SHA-256 checksum, from the preview until it is committed,
-- so the commit uses exactly the file that was previewed; preview holds the
-- preview's result for every row (JSON), and summary the counts.
CREATE TABLE missing_imports (
	id TEXT PRIMARY KEY,
	file_name TEXT NOT NULL,
	checksum TEXT NOT NULL,
	content TEXT NOT NULL,
	row_count INTEGER NOT NULL,
	state TEXT NOT NULL,
	preview TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL REFERENCES users (id),
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	created_at TEXT NOT NULL,
	committed_at TEXT
);
CREATE INDEX missing_imports_created ON missing_imports (created_by, created_at);
-- Rows of a committed import whose young person no record certainly
-- matched: a coordinator chooses the record (or makes one), then the row
-- is imported. person_id is the record chosen; episode_id the episode made.
CREATE TABLE missing_import_reviews (
	import_id TEXT NOT NULL REFERENCES missing_imports (id),
	line INTEGER NOT NULL,
	police_org_id TEXT REFERENCES organisations (id),
	police_reference TEXT NOT NULL,
	reason TEXT NOT NULL,
	state TEXT NOT NULL,
	person_id TEXT,
	episode_id TEXT,
	resolved_by TEXT REFERENCES users (id),
	resolved_at TEXT,
	created_at TEXT NOT NULL,
	PRIMARY KEY (import_id, line)
);
CREATE INDEX missing_import_reviews_open ON missing_import_reviews (state, created_at);
