-- Consultations: a local authority's log of professionals' calls for advice,
-- before (or instead of) a referral. The caller is often not a user of the
-- service, so who they are is free text; their organisation is one of the
-- partnership's or, when it is not, a name. The child, if known, is free
-- text too, optionally linked to a person record.
CREATE TABLE consultations (
	id TEXT PRIMARY KEY,
	owner_org_id TEXT NOT NULL REFERENCES organisations (id),
	occurred_at TEXT NOT NULL,
	method TEXT NOT NULL,
	professional_name TEXT NOT NULL,
	professional_role TEXT NOT NULL DEFAULT '',
	professional_contact TEXT NOT NULL DEFAULT '',
	organisation_id TEXT REFERENCES organisations (id),
	other_organisation TEXT NOT NULL DEFAULT '',
	child_name TEXT NOT NULL DEFAULT '',
	child_date_of_birth TEXT,
	child_age INTEGER,
	person_id TEXT,
	question TEXT NOT NULL DEFAULT '',
	advice TEXT NOT NULL,
	referral_state TEXT NOT NULL,
	referral_id TEXT,
	taken_by TEXT NOT NULL REFERENCES users (id),
	taken_by_name TEXT NOT NULL,
	idempotency_key TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX consultations_owner_occurred ON consultations (owner_org_id, occurred_at);
CREATE INDEX consultations_owner_state ON consultations (owner_org_id, referral_state, occurred_at);
CREATE INDEX consultations_person ON consultations (person_id);
CREATE UNIQUE INDEX consultations_referral ON consultations (referral_id);
-- A repeated form submission or API retry carries the same key: the second
-- finds the first's consultation instead of making another.
CREATE UNIQUE INDEX consultations_idempotency ON consultations (taken_by, idempotency_key);
CREATE TABLE consultation_concerns (
	consultation_id TEXT NOT NULL REFERENCES consultations (id),
	concern TEXT NOT NULL,
	PRIMARY KEY (consultation_id, concern)
);
CREATE INDEX consultation_concerns_concern ON consultation_concerns (concern);
