-- A repeated referral (a double submit, an API retry with the same
-- Idempotency-Key) is now answered from request_keys, the one record of
-- requests already answered. The keys referrals were made with move there,
-- under the scope the service uses; the column stays, no longer written.
INSERT INTO request_keys (scope, key, record_id, created_at)
SELECT 'referral:' || created_by, idempotency_key, id, received_at
FROM referrals WHERE idempotency_key IS NOT NULL AND idempotency_key <> '';
DROP INDEX referrals_idempotency;
