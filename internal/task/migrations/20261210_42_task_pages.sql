-- The task lists are read a page at a time, from a cursor (a task's sort
-- time and id), for each owner on its own: an index per owner and order,
-- ending in the id, finds a page's first task and reads on in the list's
-- order, however many tasks the owner has. Open tasks are in due order;
-- done and cancelled ones the latest first.
DROP INDEX tasks_owner_user;
DROP INDEX tasks_owner_team;
DROP INDEX tasks_organisation;
CREATE INDEX tasks_owner_user_due ON tasks (owner_user_id, state, due_at, id);
CREATE INDEX tasks_owner_team_due ON tasks (owner_team_id, state, due_at, id);
CREATE INDEX tasks_organisation_due ON tasks (organisation_id, state, due_at, id);
CREATE INDEX tasks_owner_user_done ON tasks (owner_user_id, completed_at, id) WHERE state = 'done';
CREATE INDEX tasks_owner_team_done ON tasks (owner_team_id, completed_at, id) WHERE state = 'done';
CREATE INDEX tasks_owner_user_cancelled ON tasks (owner_user_id, cancelled_at, id) WHERE state = 'cancelled';
CREATE INDEX tasks_owner_team_cancelled ON tasks (owner_team_id, cancelled_at, id) WHERE state = 'cancelled';
