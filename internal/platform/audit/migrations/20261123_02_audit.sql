-- The audit trail: append-only, each event carrying the hash of the one
-- before it. audit_head holds the last sequence number and hash; updating it
-- serialises writers, so the chain has no forks even with several servers.
CREATE TABLE audit_events (
	seq BIGINT PRIMARY KEY,
	at TEXT NOT NULL,
	actor_id TEXT NOT NULL,
	actor_name TEXT NOT NULL,
	organisation_id TEXT NOT NULL,
	organisation_name TEXT NOT NULL,
	action TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id TEXT NOT NULL,
	person_id TEXT NOT NULL,
	address TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_events_person ON audit_events (person_id, seq);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis');
