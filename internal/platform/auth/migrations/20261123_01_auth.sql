-- Organisations, teams, users, roles, sessions, API tokens and failed sign-ins.
CREATE TABLE organisations (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE teams (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	name TEXT NOT NULL,
	locality TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (organisation_id, name)
);
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	active BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);
CREATE TABLE user_roles (
	user_id TEXT NOT NULL REFERENCES users (id),
	role TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
);
CREATE TABLE team_members (
	team_id TEXT NOT NULL REFERENCES teams (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE signin_failures (
	key_hash TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX signin_failures_key_at ON signin_failures (key_hash, at);
