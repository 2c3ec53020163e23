-- The list of rows to review is read a page at a time, from a cursor (a
-- row's time, import and line): the index ends in them, so a page's first
-- row is found and the list read on, oldest first.
DROP INDEX missing_import_reviews_owner;
CREATE INDEX missing_import_reviews_owner ON missing_import_reviews (owner_org_id, state, created_at, import_id, line);
