-- Multi-agency meetings: daily meetings, strategy discussions, MACE panels
-- and mapping meetings, held by a local authority. Times are UTC; pages
-- show them in Europe/London.
CREATE TABLE meetings (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	owner_org_id TEXT NOT NULL REFERENCES organisations (id),
	start_at TEXT NOT NULL,
	chair_id TEXT NOT NULL REFERENCES users (id),
	state TEXT NOT NULL,
	-- A strategy discussion's reasonable cause to suspect significant harm,
	-- and the record that convened it (a screening decision, a task, an
	-- agenda item).
	reason TEXT NOT NULL DEFAULT '',
	convened_by_type TEXT NOT NULL DEFAULT '',
	convened_by_id TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL REFERENCES users (id),
	idempotency_key TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_owner_start ON meetings (owner_org_id, start_at);
CREATE INDEX meetings_owner_kind_start ON meetings (owner_org_id, kind, start_at);
CREATE UNIQUE INDEX meetings_idempotency ON meetings (created_by, idempotency_key);
-- Who attended, from which organisation: a user, or a name for someone
-- without an account. The organisation's type is kept as it was on the day,
-- so the absence report counts agencies by type with a plain query.
CREATE TABLE meeting_attendees (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	position INTEGER NOT NULL,
	user_id TEXT REFERENCES users (id),
	name TEXT NOT NULL,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	organisation_type TEXT NOT NULL,
	status TEXT NOT NULL
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id, position);
CREATE INDEX meeting_attendees_org ON meeting_attendees (organisation_id, status, meeting_id);
-- The agenda: a child or an adult of concern (a person record), a place, a
-- peer group or a theme; the reasons it is there (a JSON list of strings);
-- the decision. A dropped item stays, out of the agenda.
CREATE TABLE meeting_items (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	position INTEGER NOT NULL,
	subject_kind TEXT NOT NULL,
	person_id TEXT,
	subject TEXT NOT NULL DEFAULT '',
	reasons TEXT NOT NULL DEFAULT '[]',
	decision TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	conference_needed BOOLEAN NOT NULL DEFAULT FALSE,
	dropped BOOLEAN NOT NULL DEFAULT FALSE,
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id, position);
CREATE INDEX meeting_items_person ON meeting_items (person_id);
-- What each agency shared on an item; not_beyond marks what must not go
-- beyond the meeting.
CREATE TABLE meeting_shared (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	item_id TEXT NOT NULL REFERENCES meeting_items (id),
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	text TEXT NOT NULL,
	not_beyond BOOLEAN NOT NULL DEFAULT FALSE,
	recorded_by TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_shared_item ON meeting_shared (item_id, created_at);
-- Actions agreed, each with its task in the owner's work.
CREATE TABLE meeting_actions (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	item_id TEXT REFERENCES meeting_items (id),
	text TEXT NOT NULL,
	owner_user_id TEXT REFERENCES users (id),
	owner_team_id TEXT REFERENCES teams (id),
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	due_date TEXT NOT NULL,
	task_id TEXT NOT NULL,
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting_id, created_at);
