package meeting

import (
	"context"
	"net/http"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

// Associations on a meeting's page: the list, and the form to record one,
// with searches for the young person's record and the other person's.

// linkNames are the association form's fields, by the service's names.
var linkNames = map[string]string{"person_id": "link_person", "other_kind": "link_kind", "other_person_id": "link_other_person",
	"other_text": "link_other_text", "relation": "link_relation", "note": "link_note"}

// linkForm is what the association form shows besides what was typed.
type linkForm struct {
	Young         []choice.Option // the children on the agenda, then those a search found
	Other         []choice.Option // the person records the search for the other found
	YoungSearched bool
	YoungNone     bool // the search for the young person found no one
	OtherSearched bool
}

// searchPeople finds the person records the user may see in full that
// match q, of kind (or any kind when "").
func (h *Handlers) searchPeople(ctx context.Context, q, kind string) ([]choice.Option, error) {
	res, err := h.People.List(ctx, people.ListQuery{Search: q, PerPage: 20})
	if err != nil {
		return nil, err
	}
	var out []choice.Option
	for _, p := range res.People {
		if p.ContentHidden || (kind != "" && p.Kind != kind) {
			continue
		}
		l := p.Name()
		if !p.DateOfBirth.IsZero() {
			l += " (born " + p.DateOfBirth.Long() + ")"
		}
		out = append(out, choice.Option{Value: p.ID, Label: l})
	}
	return out, nil
}

// linkChoices are the association form's choices for m: the children on
// its agenda, and what the searches typed on the form find.
func (h *Handlers) linkChoices(ctx context.Context, m *Meeting, f *web.Form) (linkForm, error) {
	var lf linkForm
	seen := map[string]bool{}
	for _, it := range m.Items {
		if it.SubjectKind == SubjectChild && it.PersonID != "" && it.PersonName != "" && !seen[it.PersonID] {
			seen[it.PersonID] = true
			lf.Young = append(lf.Young, choice.Option{Value: it.PersonID, Label: it.PersonName + " (on the agenda)"})
		}
	}
	if q := f.Get("link_young_search"); q != "" {
		found, err := h.searchPeople(ctx, q, string(people.Child))
		if err != nil {
			return lf, err
		}
		lf.YoungSearched, lf.YoungNone = true, len(found) == 0
		for _, o := range found {
			if !seen[o.Value] {
				seen[o.Value] = true
				lf.Young = append(lf.Young, o)
			}
		}
	}
	if q := f.Get("link_other_search"); q != "" {
		found, err := h.searchPeople(ctx, q, "")
		if err != nil {
			return lf, err
		}
		lf.OtherSearched, lf.Other = true, found
	}
	return lf, nil
}

// AddLink records an association from the form, or, when a search button
// was pressed, shows the record again with the person records found. A
// stale form (a second submit of the same form among them) records
// nothing.
func (h *Handlers) AddLink(w http.ResponseWriter, r *http.Request) error {
	if r.FormValue("action") == "find-link-people" {
		f, err := web.ParseForm(r)
		if err != nil {
			return err
		}
		return h.show(w, r, http.StatusOK, f, r.PathValue("id"))
	}
	return h.change(w, r, linkNames, func(f *web.Form, version int) (string, string, error) {
		u, err := auth.Actor(r.Context())
		if err != nil {
			return "", "", err
		}
		m, err := read(r.Context(), h.Svc.DB.Read(), u, r.PathValue("id"))
		if err != nil {
			return "", "", err
		}
		if version != m.Version {
			return "", "", errStale
		}
		in := LinkInput{PersonID: f.Get("link_person"), OtherKind: f.Get("link_kind"), OtherText: f.Get("link_other_text"),
			Relation: f.Get("link_relation"), Note: f.Values.Get("link_note"), Version: version}
		if in.OtherKind == OtherPerson {
			in.OtherPersonID = f.Get("link_other_person")
		}
		if _, err := h.Svc.AddLink(r.Context(), m.ID, in); err != nil {
			return "", "", err
		}
		return "associations", "Association recorded", nil
	})
}
