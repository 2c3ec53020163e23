-- Meetings are listed a page at a time in date order from a cursor (a
-- meeting's start and id): the indexes end in the id, so a page's first
-- meeting is found and the list read on in order, of all kinds or one.
DROP INDEX meetings_owner_start;
CREATE INDEX meetings_owner_start ON meetings (owner_org_id, start_at, id);
DROP INDEX meetings_owner_kind_start;
CREATE INDEX meetings_owner_kind_start ON meetings (owner_org_id, kind, start_at, id);
