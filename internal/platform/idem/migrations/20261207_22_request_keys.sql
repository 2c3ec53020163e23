-- The one record of requests already answered: a repeated request (a
-- double submit, an API retry with the same Idempotency-Key) gets the
-- record the first one made. scope names the kind of record and who asked
-- ("referral:" and the user's id), so one user's key never answers another's.
CREATE TABLE request_keys (
	scope TEXT NOT NULL,
	key TEXT NOT NULL,
	record_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (scope, key)
);
