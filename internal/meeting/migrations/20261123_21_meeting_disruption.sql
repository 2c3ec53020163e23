-- An action may be a disruption of exploitation (a MACE panel's above
-- all): which kind, from the list in the meeting package; '' for any other
-- action.
ALTER TABLE meeting_actions ADD COLUMN disruption TEXT NOT NULL DEFAULT '';
CREATE INDEX meeting_actions_disruption ON meeting_actions (disruption) WHERE disruption <> '';
