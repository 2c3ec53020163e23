-- Sign-in attempts are counted per account and network address together,
-- in one row per pair that a single statement counts and reads, in place
-- of one row per failure counted afterwards.
DROP TABLE signin_failures;
CREATE TABLE signin_attempts (
	key_hash TEXT PRIMARY KEY,
	window_start TEXT NOT NULL,
	attempts INTEGER NOT NULL
);
CREATE INDEX signin_attempts_window_start ON signin_attempts (window_start);
