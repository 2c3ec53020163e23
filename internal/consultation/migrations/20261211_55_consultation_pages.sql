-- The consultation log is read a page at a time, newest first, from a
-- cursor (a consultation's time and id): the indexes end in the id, so a
-- page's first consultation is found and the log read on in order, with
-- or without the filter by whether a referral followed.
DROP INDEX consultations_owner_occurred;
CREATE INDEX consultations_owner_occurred ON consultations (owner_org_id, occurred_at, id);
DROP INDEX consultations_owner_state;
CREATE INDEX consultations_owner_state ON consultations (owner_org_id, referral_state, occurred_at, id);
