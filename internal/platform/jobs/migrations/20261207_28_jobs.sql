-- Background jobs: work that outlives the request that asked for it (an
-- import's preview or commit), run by whichever server claims it. A server
-- claims a job by setting lease_token, lease_holder and lease_until; a job
-- whose lease has run out (its server died) may be claimed again. state is
-- queued, running, done or failed; due_at is when a queued job may next be
-- tried; progress_done and progress_total are how far it has got;
-- public_error is the message shown when it failed (the detail is only
-- logged). Times are UTC text.
CREATE TABLE jobs (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	record_id TEXT NOT NULL,
	state TEXT NOT NULL,
	progress_done INTEGER NOT NULL DEFAULT 0,
	progress_total INTEGER NOT NULL DEFAULT 0,
	public_error TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	due_at TEXT NOT NULL,
	lease_holder TEXT,
	lease_token TEXT,
	lease_until TEXT,
	created_at TEXT NOT NULL,
	started_at TEXT,
	finished_at TEXT
);
-- One unfinished job of a kind for a record: asking again gives the same job.
CREATE UNIQUE INDEX jobs_unfinished ON jobs (kind, record_id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_due ON jobs (state, due_at);
CREATE INDEX jobs_record ON jobs (record_id, kind, created_at);
