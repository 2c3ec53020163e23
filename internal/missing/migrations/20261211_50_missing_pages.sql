-- The lists of children missing now and of overdue return interviews are
-- read a page at a time, from a cursor (an episode's start or interview
-- due time, and its id): each index ends in the id, so a page's first
-- episode is found and the list read on in its order.
DROP INDEX missing_episodes_open;
DROP INDEX missing_episodes_due;
CREATE INDEX missing_episodes_open ON missing_episodes (end_at, start_at, id);
CREATE INDEX missing_episodes_due ON missing_episodes (interview_due_at, id);
