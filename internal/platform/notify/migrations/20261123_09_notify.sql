-- The email outbox: messages queued in the same transaction as the change
-- that caused them, delivered by a background loop on any server. A server
-- claims a message by setting lease_until (and lease_token); a lease that
-- has run out may be claimed again. message is the whole RFC 5322 message,
-- ASCII only (headers encoded, bodies quoted-printable or base64); it is
-- cleared once sent. Times are UTC text.
CREATE TABLE email_outbox (
	id TEXT PRIMARY KEY,
	sender TEXT NOT NULL,
	recipients TEXT NOT NULL,
	message TEXT NOT NULL,
	created_at TEXT NOT NULL,
	due_at TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	lease_until TEXT,
	lease_token TEXT,
	sent_at TEXT,
	failed_at TEXT,
	last_error TEXT
);
CREATE INDEX email_outbox_due ON email_outbox (sent_at, failed_at, due_at);

-- In-service notices: a message to one user, with a link to what it is
-- about. read_at is NULL until the user marks it read.
CREATE TABLE notices (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	link TEXT NOT NULL,
	created_at TEXT NOT NULL,
	read_at TEXT
);
CREATE INDEX notices_user ON notices (user_id, read_at, created_at);
