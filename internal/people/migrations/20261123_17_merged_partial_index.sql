-- Only merged records (tombstones) are looked up by merged_into, and they
-- are few: index only them. A full index on a column that is nearly always
-- NULL misleads a planner without statistics into reading every record
-- through it for "merged_into IS NULL", instead of looking records up by id.
DROP INDEX people_merged_into;
CREATE INDEX people_merged_into ON people (merged_into) WHERE merged_into IS NOT NULL;
