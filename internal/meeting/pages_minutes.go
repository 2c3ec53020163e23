package meeting

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
	"mace/internal/platform/web"
)

// Minutes: the printable page, and the download for an organisation.

type minutesData struct {
	M       *Meeting
	Missing string
	Orgs    []choice.Option
	Printed time.Time
}

// Minutes shows a meeting's minutes, made to print.
func (h *Handlers) Minutes(w http.ResponseWriter, r *http.Request) error {
	return h.showMinutes(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showMinutes(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	m, err := h.Svc.Minutes(r.Context(), r.PathValue("id"), "")
	if err != nil {
		return err
	}
	orgs, err := h.Svc.Directory.ListOrganisations(r.Context())
	if err != nil {
		return errs.Wrap(err, "listing organisations")
	}
	d := minutesData{M: m, Missing: missingMessage(m), Printed: h.Svc.Now()}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, choice.Option{Value: o.ID, Label: o.Name})
	}
	h.R.Render(w, r, status, "meeting/minutes", web.Page{Title: "Minutes: " + KindLabel(m.Kind) + ", " + longDate(m.Date),
		Nav: "meetings", Form: f, Data: d})
	return nil
}

// MinutesText downloads a meeting's minutes as plain text for the
// organisation ?for=, leaving out what was not to go beyond the meeting
// unless that organisation was present.
func (h *Handlers) MinutesText(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r.URL.Query())
	if f.Get("for") == "" {
		f.SetError("for", "Select the organisation the minutes are for")
		return h.showMinutes(w, r, http.StatusUnprocessableEntity, f)
	}
	m, err := h.Svc.Minutes(r.Context(), r.PathValue("id"), f.Get("for"))
	if f.Fail(err) {
		return h.showMinutes(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	orgs, err := h.Svc.orgNames(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="minutes-%s-%s.txt"`, m.Kind, m.Date))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(minutesText(m, orgs[f.Get("for")], h.Svc.Now())))
	return nil
}

// minutesText writes the minutes as plain text.
func minutesText(m *Meeting, recipient string, now time.Time) string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s, %s at %s", KindLabel(m.Kind), longDate(m.Date), m.Time)
	line("%s", m.OwnerOrgName)
	line("Chair: %s", m.ChairName)
	line("State: %s", States.Label(m.State))
	line("Minutes for %s, written %s.", recipient, now.In(civil.London).Format("2 January 2006 at 15:04"))
	line("Confidential: share only with those who need to know.")
	if m.Withheld > 0 {
		line("Some information shared at the meeting is not in these minutes: it was not to go beyond the meeting.")
	}
	if m.Reason != "" {
		line("\nReason for the strategy discussion\n%s", m.Reason)
	}
	line("\nAttendance")
	for _, a := range m.Attendees {
		line("- %s, %s: %s", a.Name, a.OrganisationName, Attendances.Label(a.Status))
	}
	if msg := missingMessage(m); msg != "" {
		line("%s.", msg)
	}
	line("\nAgenda")
	for _, it := range m.Items {
		if it.Hidden {
			line("\n%d. A person the recipient may not see (%s): what was discussed is not in these minutes", it.Position,
				Subjects.Label(it.SubjectKind))
			continue
		}
		line("\n%d. %s (%s)", it.Position, itemName(it), Subjects.Label(it.SubjectKind))
		for _, rs := range it.Reasons {
			line("   Why it is on the agenda: %s", rs)
		}
		for _, sh := range it.Shared {
			note := ""
			if sh.NotBeyond {
				note = " [not to go beyond the meeting]"
			}
			line("   %s shared%s: %s", sh.OrganisationName, note, text.OneLine(sh.Text))
		}
		if it.Outcome != "" {
			line("   Decision: %s", OutcomeLabel(it.Outcome))
		}
		if it.Decision != "" {
			line("   Decision: %s", text.OneLine(it.Decision))
		}
		if it.ConferenceNeeded {
			line("   An initial child protection conference is needed.")
		}
	}
	line("\nActions")
	for _, a := range m.Actions {
		if a.Hidden {
			line("- An action about a young person the recipient may not see")
			continue
		}
		line("- %s (%s, due %s)", text.OneLine(a.Text), a.OrganisationName, longDate(a.DueDate))
	}
	return b.String()
}
