package app

import "mace/internal/people"

// personLinks are the tables of every feature whose rows refer to a person
// record: merging two records moves these rows from the duplicate to the
// record kept, and undoing the merge moves them back. A feature that adds
// such a column adds it here. Start-up (Service.CheckLinks) stops with an
// error naming any table or column that does not exist, so a row can never
// be silently left behind on a merged record.
var personLinks = []people.Link{
	{Table: "tasks", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "referrals", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "consultations", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "missing_episodes", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "philomena_profiles", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "rhi_audits", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "meeting_items", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "meeting_links", IDColumn: "id", PersonColumn: "person_id"},
	{Table: "meeting_links", IDColumn: "id", PersonColumn: "other_person_id"},
	{Table: "meeting_assessments", IDColumn: "id", PersonColumn: "person_id"},
}
