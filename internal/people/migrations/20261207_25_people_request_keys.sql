-- A person record's create keys join the one record of requests already
-- answered (request_keys), under the same scope ("person-create:" and the
-- user's id), so a retry after the upgrade still gets the record it made.
INSERT INTO request_keys (scope, key, record_id, created_at)
	SELECT scope, key, record_id, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
