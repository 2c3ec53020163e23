-- Person records (children and adults of concern), their other names,
-- addresses and phone numbers. *_key columns hold the lower-cased form that
-- searches compare against.
CREATE TABLE people (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	given_key TEXT NOT NULL,
	family_key TEXT NOT NULL,
	date_of_birth TEXT,
	estimated_age INTEGER,
	estimated_on TEXT,
	gender TEXT NOT NULL,
	ethnicity TEXT NOT NULL DEFAULT '',
	nhs_number TEXT NOT NULL DEFAULT '',
	upn TEXT NOT NULL DEFAULT '',
	owner_org_id TEXT NOT NULL REFERENCES organisations (id),
	restricted BOOLEAN NOT NULL DEFAULT FALSE,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_owner_family ON people (owner_org_id, family_key, given_key);
CREATE INDEX people_family ON people (family_key, given_key);
CREATE INDEX people_given ON people (given_key);
CREATE INDEX people_nhs ON people (nhs_number);
CREATE INDEX people_dob ON people (date_of_birth);
CREATE TABLE person_names (
	person_id TEXT NOT NULL REFERENCES people (id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (person_id, kind, position)
);
CREATE INDEX person_names_key ON person_names (name_key);
CREATE TABLE person_addresses (
	person_id TEXT NOT NULL REFERENCES people (id),
	position INTEGER NOT NULL,
	line TEXT NOT NULL,
	town TEXT NOT NULL,
	postcode TEXT NOT NULL,
	current BOOLEAN NOT NULL,
	PRIMARY KEY (person_id, position)
);
CREATE INDEX person_addresses_postcode ON person_addresses (postcode);
CREATE TABLE person_phones (
	person_id TEXT NOT NULL REFERENCES people (id),
	position INTEGER NOT NULL,
	number TEXT NOT NULL,
	PRIMARY KEY (person_id, position)
);
CREATE INDEX person_phones_number ON person_phones (number);
-- Every word of every name (given, family, known-as, street), split at
-- spaces, hyphens and apostrophes, lower-cased: name search is a range scan
-- of this index, whichever part of a name was typed.
CREATE TABLE person_name_words (
	person_id TEXT NOT NULL REFERENCES people (id),
	word TEXT NOT NULL,
	PRIMARY KEY (word, person_id)
);
CREATE INDEX person_name_words_person ON person_name_words (person_id);
CREATE TABLE idempotency_keys (
	scope TEXT NOT NULL,
	key TEXT NOT NULL,
	record_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (scope, key)
);
