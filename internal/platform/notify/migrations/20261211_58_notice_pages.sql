-- A user's notices are read a page at a time, unread first, newest first
-- within each, from a cursor (whether read, and a notice's time and id):
-- an index for each part ends in the id, so a page's first notice is
-- found and the list read on in order. The unread one also counts them.
DROP INDEX notices_user;
CREATE INDEX notices_user_unread ON notices (user_id, created_at, id) WHERE read_at IS NULL;
CREATE INDEX notices_user_read ON notices (user_id, created_at, id) WHERE read_at IS NOT NULL;
