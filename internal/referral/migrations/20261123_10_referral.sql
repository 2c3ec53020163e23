-- Referrals to a local authority's front door, their partner agency checks
-- and screening decisions. Lists that are filtered or counted (concern
-- types, indicators) have their own rows; the child's details as given are
-- kept as the referrer gave them, apart from the person record they are
-- linked to after screening.
CREATE TABLE referral_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);
CREATE TABLE referrals (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	authority_id TEXT NOT NULL REFERENCES organisations (id),
	created_by TEXT NOT NULL REFERENCES users (id),
	referrer_org_id TEXT NOT NULL REFERENCES organisations (id),
	referrer_name TEXT NOT NULL,
	referrer_role TEXT NOT NULL,
	referrer_phone TEXT NOT NULL,
	referrer_email TEXT NOT NULL,
	idempotency_key TEXT,
	received_at TEXT NOT NULL,
	urgent INTEGER NOT NULL,
	decision_due_at TEXT NOT NULL,
	state TEXT NOT NULL,
	-- The child as the referrer gave them.
	given_names TEXT NOT NULL,
	family_name TEXT NOT NULL,
	known_as TEXT NOT NULL,
	street_names TEXT NOT NULL,
	date_of_birth TEXT,
	approximate_age INTEGER,
	gender TEXT NOT NULL,
	ethnicity TEXT NOT NULL,
	address_line TEXT NOT NULL,
	town TEXT NOT NULL,
	postcode TEXT NOT NULL,
	school TEXT NOT NULL,
	phones TEXT NOT NULL,
	online_accounts TEXT NOT NULL,
	nhs_number TEXT NOT NULL,
	-- The concern.
	narrative TEXT NOT NULL,
	people_involved TEXT NOT NULL,
	places_involved TEXT NOT NULL,
	child_knows TEXT NOT NULL,
	child_agrees TEXT NOT NULL,
	family_knows TEXT NOT NULL,
	family_agrees TEXT NOT NULL,
	consultation_id TEXT,
	-- Screening.
	person_id TEXT REFERENCES people (id),
	linked_by TEXT REFERENCES users (id),
	linked_at TEXT,
	need_level INTEGER,
	outcome TEXT,
	risk_level TEXT,
	rationale TEXT,
	referrer_feedback TEXT,
	decided_by TEXT REFERENCES users (id),
	decided_at TEXT,
	signed_off_by TEXT REFERENCES users (id),
	signed_off_at TEXT,
	sign_off_note TEXT,
	version INTEGER NOT NULL
);
CREATE UNIQUE INDEX referrals_idempotency ON referrals (created_by, idempotency_key);
CREATE INDEX referrals_queue ON referrals (authority_id, state, decision_due_at);
CREATE INDEX referrals_created_by ON referrals (created_by, received_at);
CREATE INDEX referrals_person ON referrals (person_id);
CREATE TABLE referral_concerns (
	referral_id TEXT NOT NULL REFERENCES referrals (id),
	concern TEXT NOT NULL,
	PRIMARY KEY (referral_id, concern)
);
CREATE INDEX referral_concerns_concern ON referral_concerns (concern);
CREATE TABLE referral_indicators (
	referral_id TEXT NOT NULL REFERENCES referrals (id),
	indicator TEXT NOT NULL,
	PRIMARY KEY (referral_id, indicator)
);
CREATE TABLE referral_checks (
	id TEXT PRIMARY KEY,
	referral_id TEXT NOT NULL REFERENCES referrals (id),
	agency_id TEXT NOT NULL REFERENCES organisations (id),
	contact TEXT NOT NULL,
	checked_at TEXT NOT NULL,
	findings TEXT NOT NULL,
	recorded_by TEXT NOT NULL REFERENCES users (id),
	recorded_at TEXT NOT NULL
);
CREATE INDEX referral_checks_referral ON referral_checks (referral_id, checked_at);
