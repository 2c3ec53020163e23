-- The quality audit of return home interviews. Standards are data: a
-- manager adds them and retires them (never deletes, so old audits keep
-- their meaning). check_kind names a standard the data can suggest a score
-- for ('' when only a reader of the interview can tell).
CREATE TABLE rhi_standards (
	code TEXT PRIMARY KEY,
	statement TEXT NOT NULL,
	guidance TEXT NOT NULL DEFAULT '',
	check_kind TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL,
	retired_at TEXT,
	created_at TEXT NOT NULL
);
INSERT INTO rhi_standards (code, statement, guidance, check_kind, position, created_at) VALUES
('OFFERED-72H', 'The interview was offered within 72 hours of the young person’s return',
 'Count clock hours from when the young person was found or returned to when the interview was offered.', 'offered-in-time', 1, '2026-11-23T00:00:00.000000Z'),
('INDEPENDENT', 'The interview was offered by someone independent',
 'The worker had no role in the young person’s care or placement, and the young person could choose who to speak to.', '', 2, '2026-11-23T00:00:00.000000Z'),
('OWN-WORDS', 'The young person’s own words are recorded',
 'The record quotes or closely reports what the young person said, not only the worker’s view.', '', 3, '2026-11-23T00:00:00.000000Z'),
('PUSH-PULL', 'Push and pull factors were explored',
 'What made the young person leave (push) and what drew them away (pull) are both recorded.', 'push-pull', 4, '2026-11-23T00:00:00.000000Z'),
('SHARED', 'Information was shared with the police and the allocated worker',
 'Intelligence about places, people and risks was passed on promptly.', 'shared-with-police', 5, '2026-11-23T00:00:00.000000Z'),
('FOLLOW-UP', 'Follow-up actions were agreed',
 'Actions arising from the interview are recorded with who will do them.', 'follow-ups', 6, '2026-11-23T00:00:00.000000Z');
-- One audit per return interview (episode). authority_id is the owning
-- authority of the young person's record; service and month (YYYY-MM, the
-- month the interview was held, London time) are kept as audited so the
-- summary groups them without reading interviews again.
CREATE TABLE rhi_audits (
	id TEXT PRIMARY KEY,
	episode_id TEXT NOT NULL UNIQUE REFERENCES missing_episodes (id),
	person_id TEXT NOT NULL,
	authority_id TEXT NOT NULL,
	service TEXT NOT NULL,
	service_key TEXT NOT NULL,
	month TEXT NOT NULL,
	overall_comment TEXT NOT NULL DEFAULT '',
	auditor_id TEXT NOT NULL REFERENCES users (id),
	auditor_name TEXT NOT NULL,
	audited_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rhi_audits_month ON rhi_audits (authority_id, month, service_key);
CREATE INDEX rhi_audits_person ON rhi_audits (person_id);
-- The score against each standard: met, partly, not-met or na.
CREATE TABLE rhi_audit_scores (
	audit_id TEXT NOT NULL REFERENCES rhi_audits (id),
	standard_code TEXT NOT NULL REFERENCES rhi_standards (code),
	score TEXT NOT NULL,
	suggested TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (audit_id, standard_code)
);
