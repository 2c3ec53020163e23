-- A user's own referrals are read a page at a time, newest first, from a
-- cursor (a referral's time received and id): the index ends in the id,
-- so a page's first referral is found and the list read on in order.
DROP INDEX referrals_created_by;
CREATE INDEX referrals_created_by ON referrals (created_by, received_at, id);
