package meeting

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Arranging the initial exploitation assessment of the child an agenda item
// is about: a page of its own, reached from the item on the meeting's page.

// inviteeBlank is how many blank invitee rows the form offers.
const inviteeBlank = 3

type assessData struct {
	M        *Meeting
	Item     *Item
	Current  *Assessment // the arrangement made, if any
	Latest   string      // the latest date allowed, as a sentence says it
	Workers  []choice.Option
	Users    []choice.Option
	Rows     []inviteeRow
	IdemKey  string
	ItemName string
}

// inviteeRow is a row of the invitees: a user, or a name and an email.
type inviteeRow struct {
	N                   int
	UserID, Name, Email string
}

// assessmentItem reads the meeting and the item an assessment is arranged
// from, which must be about a child's record the reader may change.
func (h *Handlers) assessmentItem(r *http.Request) (*Meeting, *Item, error) {
	m, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if !m.CanEdit {
		return nil, nil, errMayNotEdit
	}
	it, err := itemOf(m, r.PathValue("item"))
	if err != nil {
		return nil, nil, err
	}
	if it.SubjectKind != SubjectChild || it.PersonID == "" {
		return nil, nil, errs.E(errs.NotFound, "An initial exploitation assessment is arranged for a child: this item is not about a child's record")
	}
	return m, it, nil
}

// AssessmentForm shows the form to arrange, or change, the assessment of
// the child an item is about, filled with the arrangement made if any.
func (h *Handlers) AssessmentForm(w http.ResponseWriter, r *http.Request) error {
	m, it, err := h.assessmentItem(r)
	if err != nil {
		return err
	}
	cur, err := h.Svc.Assessment(r.Context(), m.ID, it.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "duration_minutes": {strconv.Itoa(DefaultMinutes)}})
	if cur != nil {
		f.SetDate("date", cur.Date)
		f.Values.Set("time", cur.Time)
		f.Values.Set("duration_minutes", strconv.Itoa(int(cur.EndAt.Sub(cur.StartAt).Minutes())))
		f.Values.Set("place", cur.Place)
		if cur.Online {
			f.Values.Set("online", "yes")
		}
		f.Values.Set("social_worker_id", cur.WorkerID)
		n := 0
		for _, p := range cur.Invitees {
			if p.UserID != "" && p.UserID == cur.WorkerID {
				continue
			}
			pre := "invitees." + strconv.Itoa(n) + "."
			if p.UserID != "" {
				f.Values.Set(pre+"user_id", p.UserID)
			} else {
				f.Values.Set(pre+"name", p.Name)
				f.Values.Set(pre+"email", p.Email)
			}
			n++
		}
	}
	return h.showAssessment(w, r, http.StatusOK, f, m, it, cur)
}

func (h *Handlers) showAssessment(w http.ResponseWriter, r *http.Request, status int, f *web.Form, m *Meeting, it *Item,
	cur *Assessment) error {
	latest, err := h.Svc.LatestAssessmentDate(r.Context(), m)
	if err != nil {
		return err
	}
	d := assessData{M: m, Item: it, Current: cur, Latest: longDay(latest), IdemKey: f.Get("idempotency_key"), ItemName: itemName(*it)}
	staff, err := h.Staff.ListUsers(r.Context(), m.OwnerOrgID)
	if err != nil {
		return errs.Wrap(err, "listing staff")
	}
	for _, u := range staff {
		if u.Active && u.Has(auth.Practitioner, auth.Lead, auth.Manager) {
			d.Workers = append(d.Workers, choice.Option{Value: u.ID, Label: u.Name})
		}
	}
	users, err := h.Staff.ListUsers(r.Context(), "")
	if err != nil {
		return errs.Wrap(err, "listing users")
	}
	for _, u := range users {
		if u.Active {
			d.Users = append(d.Users, choice.Option{Value: u.ID, Label: u.Name + " (" + u.Organisation.Name + ")"})
		}
	}
	blank := 0
	for n := 0; ; n++ {
		p := "invitees." + strconv.Itoa(n) + "."
		if !f.Values.Has(p+"user_id") && !f.Values.Has(p+"name") && !f.Values.Has(p+"email") {
			break
		}
		row := inviteeRow{N: n, UserID: f.Get(p + "user_id"), Name: f.Get(p + "name"), Email: f.Get(p + "email")}
		if row.UserID == "" && row.Name == "" && row.Email == "" {
			blank++
		}
		d.Rows = append(d.Rows, row)
	}
	for ; blank < inviteeBlank; blank++ {
		d.Rows = append(d.Rows, inviteeRow{N: len(d.Rows)})
	}
	title := "Arrange the initial exploitation assessment"
	if cur != nil {
		title = "Change the initial exploitation assessment"
	}
	h.R.Render(w, r, status, "meeting/assessment", web.Page{Title: title, Nav: "meetings", Form: f, Data: d})
	return nil
}

// ArrangeAssessment saves the arrangement from the form and sends the
// invitations. A double submit of the same form changes and sends nothing
// again.
func (h *Handlers) ArrangeAssessment(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	m, it, err := h.assessmentItem(r)
	if err != nil {
		return err
	}
	date, problem := formDay(f, "date", "The date of the assessment")
	in := ArrangeInput{Date: date, Time: formClock(f.Get("time")), Place: f.Get("place"), Online: f.Get("online") == "yes",
		WorkerID: f.Get("social_worker_id"), IdempotencyKey: f.Get("idempotency_key")}
	if s := f.Get("duration_minutes"); s != "" {
		if in.DurationMinutes, err = strconv.Atoi(s); err != nil || in.DurationMinutes == 0 {
			in.DurationMinutes = -1
		}
	}
	names := map[string]string{}
	for n := 0; n < MaxInvitees+inviteeBlank+1; n++ {
		p := "invitees." + strconv.Itoa(n) + "."
		a := InviteeInput{UserID: f.Get(p + "user_id"), Name: f.Get(p + "name"), Email: f.Get(p + "email")}
		if a.UserID == "" && a.Name == "" && a.Email == "" {
			continue
		}
		if a.UserID != "" {
			a.Name, a.Email = "", ""
		}
		j := len(in.Invitees)
		for _, fld := range []string{"user_id", "name", "email"} {
			names[fmt.Sprintf("invitees.%d.%s", j, fld)] = p + fld
		}
		in.Invitees = append(in.Invitees, a)
	}
	_, err = h.Svc.ArrangeAssessment(r.Context(), m.ID, it.ID, in)
	if rename(f, err, names) {
		overrule(f, "date", problem)
		cur, cerr := h.Svc.Assessment(r.Context(), m.ID, it.ID)
		if cerr != nil && !errs.Is(cerr, errs.NotFound) {
			return cerr
		}
		return h.showAssessment(w, r, failStatus(err), f, m, it, cur)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/meetings/"+m.ID+"#item-"+it.ID, "Initial exploitation assessment arranged: the invitations are sent")
	return nil
}
