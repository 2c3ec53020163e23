package app

import (
	"slices"

	"mace/internal/people"
	"mace/internal/platform/db"
)

// personLinks are the tables of every feature whose rows refer to a person
// record, each with the migration that makes it: merging two records moves
// these rows from the duplicate to the record kept. A feature that adds
// such a column adds it here. Start-up (Service.CheckLinks) stops with an
// error naming any table or column that does not exist, so a row can never
// be silently left behind on a merged record.
var personLinks = []struct {
	Migration string
	Link      people.Link
}{
	{"20261123_06_task", people.Link{Table: "tasks", IDColumn: "id", PersonColumn: "person_id"}},
	{"20261123_10_referral", people.Link{Table: "referrals", IDColumn: "id", PersonColumn: "person_id"}},
	{"20261123_11_consultation", people.Link{Table: "consultations", IDColumn: "id", PersonColumn: "person_id"}},
}

// linksFor returns the links whose feature is part of this build: those
// whose migration is among ms.
func linksFor(ms []db.Migration) []people.Link {
	var out []people.Link
	for _, l := range personLinks {
		if slices.ContainsFunc(ms, func(m db.Migration) bool { return m.ID == l.Migration }) {
			out = append(out, l.Link)
		}
	}
	return out
}
