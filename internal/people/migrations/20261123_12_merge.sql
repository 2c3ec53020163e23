-- Merging two records found to be the same young person. The duplicate
-- stays as a tombstone pointing at the kept record (merged_into), hidden
-- from lists, searches and matches. person_merges is each merge;
-- person_merge_changes is every row it moved and every detail, involvement
-- and restriction it added to the kept record, so that undoing it reverses
-- exactly that and no more.
ALTER TABLE people ADD COLUMN merged_into TEXT REFERENCES people (id);
ALTER TABLE people ADD COLUMN merged_at TEXT;
CREATE INDEX people_merged_into ON people (merged_into);
CREATE TABLE person_merges (
	id TEXT PRIMARY KEY,
	kept_id TEXT NOT NULL REFERENCES people (id),
	duplicate_id TEXT NOT NULL REFERENCES people (id),
	reason TEXT NOT NULL,
	merged_by TEXT NOT NULL,
	merged_at TEXT NOT NULL,
	undone_by TEXT,
	undone_at TEXT
);
CREATE INDEX person_merges_kept ON person_merges (kept_id, merged_at);
CREATE INDEX person_merges_duplicate ON person_merges (duplicate_id, merged_at);
-- kind: row (a linked row moved: table_name, column_name, row_id),
-- involvement (an organisation, in value), named (a user named on the
-- restriction, in value), restricted (the kept record became restricted),
-- known-as, alias, phone, address (a detail added, in value) or field (a
-- single detail filled: column_name, with its value before in old_value
-- and after in value).
CREATE TABLE person_merge_changes (
	merge_id TEXT NOT NULL REFERENCES person_merges (id),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	table_name TEXT NOT NULL DEFAULT '',
	column_name TEXT NOT NULL DEFAULT '',
	row_id TEXT NOT NULL DEFAULT '',
	value TEXT NOT NULL DEFAULT '',
	old_value TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (merge_id, position)
);
