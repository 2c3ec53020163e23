-- Missing from home and care: one row per episode of a young person missing
-- (M) or away without authorisation (A). end_at is NULL while the episode is
-- open; interview_due_at is when a return home interview must have been
-- offered (set when the episode ends). The police reference identifies an
-- episode within its force, so an import can find it again.
CREATE TABLE missing_episodes (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL,
	type TEXT NOT NULL,
	start_at TEXT NOT NULL,
	end_at TEXT,
	interview_due_at TEXT,
	reported_by TEXT NOT NULL,
	police_org_id TEXT REFERENCES organisations (id),
	police_reference TEXT,
	risk_grading TEXT NOT NULL,
	found_place TEXT NOT NULL DEFAULT '',
	found_postcode TEXT NOT NULL DEFAULT '',
	looked_after BOOLEAN NOT NULL DEFAULT FALSE,
	recorded_by TEXT NOT NULL REFERENCES users (id),
	recorded_by_name TEXT NOT NULL,
	idempotency_key TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX missing_episodes_person ON missing_episodes (person_id, start_at);
CREATE INDEX missing_episodes_open ON missing_episodes (end_at, start_at);
CREATE INDEX missing_episodes_due ON missing_episodes (interview_due_at);
CREATE UNIQUE INDEX missing_episodes_police_reference ON missing_episodes (police_org_id, police_reference);
-- A repeated form submission or API retry carries the same key: the second
-- finds the first's episode instead of making another.
CREATE UNIQUE INDEX missing_episodes_idempotency ON missing_episodes (recorded_by, idempotency_key);
-- People the young person was with: when found (source 'found') or as told
-- at the return interview ('interview'). Names as given, to be linked to
-- person records by the network map later.
CREATE TABLE missing_associates (
	episode_id TEXT NOT NULL REFERENCES missing_episodes (id),
	source TEXT NOT NULL,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (episode_id, source, position)
);
-- Places the young person was, as told at the return interview; linked to
-- places of concern by the network map later.
CREATE TABLE missing_places (
	episode_id TEXT NOT NULL REFERENCES missing_episodes (id),
	source TEXT NOT NULL,
	position INTEGER NOT NULL,
	description TEXT NOT NULL,
	postcode TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (episode_id, source, position)
);
CREATE INDEX missing_places_postcode ON missing_places (postcode);
-- The return home interview of an episode: offered (when, by whom, from
-- which service), the young person's answer, when held, and what was
-- learned. Kinds of exploitation and follow-up actions are short lists kept
-- as newline-separated text; follow-up actions become tasks.
CREATE TABLE return_interviews (
	episode_id TEXT PRIMARY KEY REFERENCES missing_episodes (id),
	offered_at TEXT NOT NULL,
	offered_by TEXT NOT NULL,
	offered_service TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	held_at TEXT,
	push_factors TEXT NOT NULL DEFAULT '',
	pull_factors TEXT NOT NULL DEFAULT '',
	concerns TEXT NOT NULL DEFAULT '',
	indicators TEXT NOT NULL DEFAULT '',
	disclosures TEXT NOT NULL DEFAULT '',
	shared_with_police BOOLEAN NOT NULL DEFAULT FALSE,
	follow_ups TEXT NOT NULL DEFAULT '',
	follow_up_tasks TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL REFERENCES users (id),
	recorded_by_name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
-- Serialises changes to one young person's episodes (the overlap check and
-- the repeat-missing count read them before writing): a change first
-- upserts the row of its key, which holds the row lock until it commits.
CREATE TABLE missing_locks (
	lock_key TEXT PRIMARY KEY,
	taken_at TEXT NOT NULL
);
