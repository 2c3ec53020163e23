-- Requests already answered move to the one record of them, request_keys:
-- a meeting arranged (or a daily meeting recorded) with an idempotency key
-- under the scope 'meeting:' and its creator's id, and an assessment
-- arranged under 'meeting-assessment:' and the requester's id. The
-- meetings' idempotency_key column stays, no longer written; its unique
-- index and the table of assessment requests go.
INSERT INTO request_keys (scope, key, record_id, created_at)
	SELECT 'meeting:' || created_by, idempotency_key, id, created_at FROM meetings
	WHERE idempotency_key IS NOT NULL AND idempotency_key <> '';
INSERT INTO request_keys (scope, key, record_id, created_at)
	SELECT 'meeting-assessment:' || user_id, idempotency_key, assessment_id, created_at FROM meeting_assessment_requests;
DROP TABLE meeting_assessment_requests;
DROP INDEX meetings_idempotency;
