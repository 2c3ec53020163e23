package people

import (
	"net/http"

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

// WhoHasSeen lists the audit trail of a person's record.
func (h *Handlers) WhoHasSeen(w http.ResponseWriter, r *http.Request) error {
	p, events, err := h.Svc.WhoHasSeen(r.Context(), r.PathValue("id"), 500)
	if err != nil {
		return err
	}
	d := auditData{Person: p}
	for _, e := range events {
		what := actionWords[e.Action]
		if what == "" {
			what = e.Action
		}
		if e.RecordType == "person-audit" {
			what = "Viewed who has seen this record"
		} else if e.Detail != "" {
			what += ": " + e.Detail
		}
		d.Events = append(d.Events, eventRow{At: e.At.In(civil.London).Format("2 January 2006 at 3:04:05pm"),
			Who: e.ActorName, Organisation: e.OrganisationName, What: what, Address: e.Address})
	}
	h.R.Render(w, r, http.StatusOK, "people/audit", web.Page{Title: "Who has seen this record", Nav: "people", Data: d})
	return nil
}
