-- The screening queue's referrals awaiting a decision are read a page at a
-- time, soonest due first, from a cursor (a referral's decision time, time
-- received and id): the index ends in them, so a page's first referral is
-- found and the queue read on in order.
DROP INDEX referrals_queue;
CREATE INDEX referrals_queue ON referrals (authority_id, state, decision_due_at, received_at, id);
