-- The idempotency keys of reported episodes move to request_keys, the one
-- record of requests already answered (package idem), under the scope the
-- service now uses: 'missing-episode:' and the id of the user who reported
-- the episode. The idempotency_key column stays but is no longer written;
-- its unique index goes.
INSERT INTO request_keys (scope, key, record_id, created_at)
SELECT 'missing-episode:' || recorded_by, idempotency_key, id, created_at
FROM missing_episodes
WHERE idempotency_key IS NOT NULL AND idempotency_key <> ''
ON CONFLICT (scope, key) DO NOTHING;

DROP INDEX missing_episodes_idempotency;
