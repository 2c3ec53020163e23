-- Initial exploitation assessments arranged from an agenda item: one per
-- item, changed in place when it is re-arranged (sequence counts the
-- versions of its calendar invitation). The date is the London date of
-- start_at, kept as its own column to count and filter by. Invitees are a
-- JSON list of users and partner agencies' addresses.
CREATE TABLE meeting_assessments (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	item_id TEXT NOT NULL REFERENCES meeting_items (id),
	person_id TEXT NOT NULL,
	owner_org_id TEXT NOT NULL REFERENCES organisations (id),
	assessment_date TEXT NOT NULL,
	start_at TEXT NOT NULL,
	end_at TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	online BOOLEAN NOT NULL DEFAULT FALSE,
	worker_id TEXT NOT NULL REFERENCES users (id),
	invitees TEXT NOT NULL DEFAULT '[]',
	sequence INTEGER NOT NULL DEFAULT 0,
	task_id TEXT NOT NULL,
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_by TEXT NOT NULL REFERENCES users (id),
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX meeting_assessments_item ON meeting_assessments (item_id);
CREATE INDEX meeting_assessments_meeting ON meeting_assessments (meeting_id);
CREATE INDEX meeting_assessments_person ON meeting_assessments (person_id);
CREATE INDEX meeting_assessments_org_date ON meeting_assessments (owner_org_id, assessment_date);
-- Requests already answered, by who sent them and their idempotency key:
-- a retried request changes nothing and sends nothing again.
CREATE TABLE meeting_assessment_requests (
	user_id TEXT NOT NULL REFERENCES users (id),
	idempotency_key TEXT NOT NULL,
	assessment_id TEXT NOT NULL REFERENCES meeting_assessments (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_id, idempotency_key)
);
