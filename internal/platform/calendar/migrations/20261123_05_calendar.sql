-- An administrator's changes to the bank holidays the rules give: an extra
-- holiday (kind 'holiday'), or a rule holiday taken away so the day is a
-- working day after all (kind 'working', named after the holiday removed).
-- One row a day; days the rules already get right have no row.
CREATE TABLE calendar_days (
	day TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
	name TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
