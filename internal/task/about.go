package task

import (
	"context"
	"slices"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// HiddenTitle is the title of a task about a person whose record the
// reader may not see in full: a task's title is content about its person
// (an action agreed at a meeting, a step of their record), shown under the
// same decision as the record (access.SeeAbout).
const HiddenTitle = "A task about a young person you cannot see"

// titles gives each task of ts about a person whose record u may not see
// in full the neutral title, reading the records in q. It returns the
// people whose tasks' titles are left in.
func titles(ctx context.Context, q db.Querier, u *auth.User, ts []Task) ([]string, error) {
	var ids []string
	for _, t := range ts {
		if t.PersonID != "" {
			ids = append(ids, t.PersonID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	facts, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return nil, errs.Wrap(err, "reading the people the tasks are about")
	}
	var shown []string
	for i := range ts {
		t := &ts[i]
		if t.PersonID == "" {
			continue
		}
		if p := facts[t.PersonID]; p != nil && access.SeeAbout(u, &p.Record) {
			if !slices.Contains(shown, t.PersonID) {
				shown = append(shown, t.PersonID)
			}
			continue
		}
		t.Title = HiddenTitle
	}
	return shown, nil
}
