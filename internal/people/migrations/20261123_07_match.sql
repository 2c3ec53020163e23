-- Finding the right child: the keys of each person record that matching
-- looks candidates up by, and counts that say how common a name or postcode
-- is (see internal/people/match). A key is a 64-bit number: its kind in the
-- top byte, a hash of its parts below. Every record also carries a key
-- naming the key version that made its keys, so records made by another
-- version can be found and rebuilt.
CREATE TABLE person_match_keys (
	person_id TEXT NOT NULL REFERENCES people (id),
	key BIGINT NOT NULL,
	PRIMARY KEY (person_id, key)
);
CREATE INDEX person_match_keys_key ON person_match_keys (key, person_id);
-- How many records carry each counting key (kinds below 16).
CREATE TABLE person_match_counts (
	key BIGINT PRIMARY KEY,
	n INTEGER NOT NULL
);
-- key_version: the version every record's keys were last rebuilt to; a
-- server that knows a newer version rebuilds the rest at start-up.
CREATE TABLE person_match_state (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO person_match_state (name, value) VALUES ('key_version', 0);
