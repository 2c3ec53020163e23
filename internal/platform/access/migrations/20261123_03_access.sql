-- Which organisations are involved with a record beyond its owner, and which
-- users may see a restricted record. Owned by platform/access; any record
-- type can use them.
CREATE TABLE record_organisations (
	record_type TEXT NOT NULL,
	record_id TEXT NOT NULL,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (record_type, record_id, organisation_id)
);
CREATE INDEX record_organisations_org ON record_organisations (organisation_id, record_type);
CREATE TABLE record_restrictions (
	record_type TEXT NOT NULL,
	record_id TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (record_type, record_id, user_id)
);
