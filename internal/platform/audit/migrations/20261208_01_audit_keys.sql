-- Each event's hash is an HMAC-SHA256 under the audit key named by key_id,
-- a key held outside the database. Events written before the trail had a
-- key keep key_id '' and their plain SHA-256: the legacy start of the
-- chain. The head records the key of the last event, so a server without
-- that key refuses to write rather than break the chain.
ALTER TABLE audit_events ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
