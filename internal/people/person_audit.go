package people

import (
	"net/http"
	"strings"

	"mace/internal/platform/audit"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

type auditData struct {
	Person *Person
	Events []eventRow
}

type eventRow struct {
	At, Who, Organisation, What, Address string
}

var actionWords = map[string]string{
	"view": "Viewed", "create": "Created", "update": "Changed", "export": "Exported", "restrict": "Restricted",
	"grant": "Granted access", "search": "Searched", "merge": "Merged", "unmerge": "Merge undone",
}

// shownWords say in plain words what showed a person among others: a list,
// a search, a match, an agenda or an export. An entry applies to events of
// its record type (and action, and start of the detail, when given); the
// first that applies is used.
var shownWords = []struct {
	recordType, action, detail string
	words                      string
}{
	{"person-list", audit.Search, "", "Appeared in a name search"},
	{"person-list", "", "", "Appeared in the list of people"},
	{"person-match", "", "", "Appeared in a search for possible matches"},
	{"missing-episode-list", "", "missing now", "Appeared in the list of children missing now"},
	{"missing-episode-list", "", "overdue return interviews", "Appeared in the list of overdue return interviews"},
	{"missing-episode-list", "", "missing children for the daily meeting", "Appeared in the missing children for a daily meeting"},
	{"referral", "", "screening queue", "Appeared in the screening queue"},
	{"referral", "", "referrals received for the daily meeting", "Appeared in the referrals received for a daily meeting"},
	{"consultation-list", "", "", "Appeared in the consultation log"},
	{"return-interview-audit-sample", "", "", "Appeared in a sample of return interviews to audit"},
	{"ssda903-missing", audit.Export, "", "Included in the SSDA903 Missing export"},
	{"ssda903-missing", "", "", "Appeared in the SSDA903 Missing validation report"},
}

// trailWords is what an event on personID's trail did, in plain words.
func trailWords(e audit.Event, personID string) string {
	if e.PersonID != personID {
		// The event is about others, or no one in particular, and showed
		// this person among them.
		for _, w := range shownWords {
			if w.recordType == e.RecordType && (w.action == "" || w.action == e.Action) && strings.HasPrefix(e.Detail, w.detail) {
				return w.words
			}
		}
		what := "Appeared in a list"
		switch e.Action {
		case audit.Search:
			what = "Appeared in a search"
		case audit.Export:
			what = "Included in an export"
		}
		if e.Detail != "" {
			what += ": " + e.Detail
		}
		return what
	}
	if e.RecordType == "person-audit" {
		return "Viewed who has seen this record"
	}
	what := actionWords[e.Action]
	if what == "" {
		what = e.Action
	}
	if e.Detail != "" {
		what += ": " + e.Detail
	}
	return what
}

// WhoHasSeen lists the audit trail of a person's record.
func (h *Handlers) WhoHasSeen(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	p, events, err := h.Svc.WhoHasSeen(r.Context(), id, 500)
	if err != nil {
		return err
	}
	d := auditData{Person: p}
	for _, e := range events {
		d.Events = append(d.Events, eventRow{At: e.At.In(civil.London).Format("2 January 2006 at 3:04:05pm"),
			Who: e.ActorName, Organisation: e.OrganisationName, What: trailWords(e, id), Address: e.Address})
	}
	h.R.Render(w, r, http.StatusOK, "people/audit", web.Page{Title: "Who has seen this record", Nav: "people", Data: d})
	return nil
}
