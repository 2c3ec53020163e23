-- Tasks: every step that has a timescale, with its owner (a user or a team),
-- when it is due and the record it belongs to. The drift register and
-- "My work" are indexed queries over this table. due_at and the other times
-- are UTC text; a date-only deadline is stored as the end of that London day.
CREATE TABLE tasks (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id TEXT NOT NULL,
	person_id TEXT,
	owner_user_id TEXT REFERENCES users (id),
	owner_team_id TEXT REFERENCES teams (id),
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	due_at TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open',
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	completed_at TEXT,
	completed_by TEXT,
	cancelled_at TEXT,
	cancelled_by TEXT,
	cancelled_reason TEXT,
	dedupe_key TEXT,
	CHECK (state IN ('open', 'done', 'cancelled')),
	CHECK ((owner_user_id IS NULL) <> (owner_team_id IS NULL)),
	UNIQUE (kind, dedupe_key)
);
CREATE INDEX tasks_owner_user ON tasks (owner_user_id, state, due_at);
CREATE INDEX tasks_owner_team ON tasks (owner_team_id, state, due_at);
CREATE INDEX tasks_organisation ON tasks (organisation_id, state, due_at);
CREATE INDEX tasks_record ON tasks (record_type, record_id);
