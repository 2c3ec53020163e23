-- The people a list, search, match, agenda, minutes or export showed: one
-- row per person an event showed, so each young person's "who has seen this
-- record" includes every list they appeared on. The event's hash covers
-- these rows.
CREATE TABLE audit_shown (
	seq BIGINT NOT NULL,
	person_id TEXT NOT NULL,
	PRIMARY KEY (seq, person_id)
);
CREATE INDEX audit_shown_person ON audit_shown (person_id, seq);
