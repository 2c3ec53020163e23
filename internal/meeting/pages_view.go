package meeting

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// A meeting's record: the page, and its forms for attendance, the agenda, what was
// shared, decisions and actions.

type viewData struct {
	M       *Meeting
	Missing string
	Rows    []attendanceFormRow
	Users   []choice.Option // everyone who may be recorded as attending or own an action
	Orgs    []choice.Option
	Present []choice.Option // the organisations present, who may have shared
	Owners  []choice.Option // people and teams who may own an action
	Items   []choice.Option // the agenda, for an action's item
	// Disruptions are the kinds of disruption an action may be.
	Disruptions choice.Choices
	Strategy    bool
	Outcomes    []choice.Option
	Subjects    []choice.Option
	// OwnerNames names each action's owner, by the action's id.
	OwnerNames map[string]string
	// Found are the person records a search on the item form found.
	Found    []choice.Option
	Searched bool
	// Assessments are the arrangements made from the items, by item id.
	Assessments map[string]*Assessment
	// Links are the associations recorded at the meeting; Link is what
	// the form to record one offers.
	Links      []Link
	Link       linkForm
	OtherKinds []choice.Option
	Relations  []choice.Option
}

// attendanceFormRow is a row of the attendance form: an attendee already
// recorded (Known) or a blank row to add one.
type attendanceFormRow struct {
	N                    int
	Known                bool
	UserID, Name, OrgID  string
	Organisation, Status string
}

// attendanceBlank is how many blank rows the attendance form offers.
const attendanceBlank = 3

// storedValues are the forms' values for the stored meeting.
func storedValues(m *Meeting) url.Values {
	v := url.Values{}
	for i, a := range m.Attendees {
		p := "attendees." + strconv.Itoa(i) + "."
		v.Set(p+"user_id", a.UserID)
		v.Set(p+"name", a.Name)
		v.Set(p+"organisation_id", a.OrganisationID)
		v.Set(p+"status", a.Status)
		v.Set(p+"known", "yes")
	}
	for _, it := range m.Items {
		v.Set("decision-"+it.ID, it.Decision)
		v.Set("outcome-"+it.ID, it.Outcome)
		if it.ConferenceNeeded {
			v.Set("conference-"+it.ID, "yes")
		}
	}
	return v
}

// show renders a meeting's record with posted over the stored values (so a
// form shown again keeps what was typed, and the others what is stored).
func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, posted *web.Form, id string) error {
	return h.showFound(w, r, status, posted, id, nil, false)
}

// showFound is show with the person records a search found for the item
// form.
func (h *Handlers) showFound(w http.ResponseWriter, r *http.Request, status int, posted *web.Form, id string,
	found []choice.Option, searched bool) error {
	m, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm(storedValues(m))
	if posted != nil {
		for k, vs := range posted.Values {
			if k != "csrf_token" {
				f.Values[k] = vs
			}
		}
		f.Errors = posted.Errors
	}
	f.Values.Set("version", strconv.Itoa(m.Version))
	d := viewData{M: m, Missing: missingMessage(m), Strategy: m.Kind == Strategy, Outcomes: Outcomes.Options(), Disruptions: Disruptions,
		Subjects: Subjects.Options(), OwnerNames: map[string]string{}, Found: found, Searched: searched}
	for _, a := range m.Actions {
		if a.OwnerUserID != "" {
			if o, err := h.Svc.Directory.GetUser(r.Context(), a.OwnerUserID); err == nil {
				d.OwnerNames[a.ID] = o.Name
			}
		} else if t, err := h.Svc.Directory.GetTeam(r.Context(), a.OwnerTeamID); err == nil {
			d.OwnerNames[a.ID] = t.Name
		}
	}
	orgs, err := h.Svc.Directory.ListOrganisations(r.Context())
	if err != nil {
		return errs.Wrap(err, "listing organisations")
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, choice.Option{Value: o.ID, Label: o.Name})
		orgName[o.ID] = o.Name
	}
	// The organisations the reader may record sharing for: any present,
	// for those who run the meeting; their own, for a partner present.
	reader := auth.UserFrom(r.Context())
	for _, id := range rules(m).PresentOrgs {
		if access.ShareAtMeeting(reader, rules(m), id) {
			d.Present = append(d.Present, choice.Option{Value: id, Label: orgName[id]})
		}
	}
	if m.CanEdit {
		users, err := h.Staff.ListUsers(r.Context(), "")
		if err != nil {
			return errs.Wrap(err, "listing users")
		}
		for _, u := range users {
			if u.Active {
				d.Users = append(d.Users, choice.Option{Value: u.ID, Label: u.Name + " (" + u.Organisation.Name + ")"})
				d.Owners = append(d.Owners, choice.Option{Value: "user:" + u.ID, Label: u.Name + " (" + u.Organisation.Name + ")"})
			}
		}
		teams, err := h.Staff.ListTeams(r.Context(), m.OwnerOrgID)
		if err != nil {
			return errs.Wrap(err, "listing teams")
		}
		for _, t := range teams {
			d.Owners = append(d.Owners, choice.Option{Value: "team:" + t.ID, Label: t.Name + " (team, " + m.OwnerOrgName + ")"})
		}
	}
	for _, it := range m.Items {
		d.Items = append(d.Items, choice.Option{Value: it.ID, Label: fmt.Sprintf("%d. %s", it.Position, itemName(it))})
	}
	if d.Assessments, err = h.Svc.Assessments(r.Context(), m.ID); err != nil {
		return err
	}
	if d.Links, err = h.Svc.Links(r.Context(), m.ID); err != nil {
		return err
	}
	if m.CanEdit {
		if d.Link, err = h.linkChoices(r.Context(), m, f); err != nil {
			return err
		}
		d.OtherKinds, d.Relations = OtherKinds.Options(), Relations.Options()
	}
	for n := 0; ; n++ {
		p := "attendees." + strconv.Itoa(n) + "."
		if !f.Values.Has(p+"status") && !f.Values.Has(p+"user_id") && !f.Values.Has(p+"name") {
			break
		}
		row := attendanceFormRow{N: n, UserID: f.Get(p + "user_id"), Name: f.Get(p + "name"), OrgID: f.Get(p + "organisation_id"),
			Status: f.Get(p + "status")}
		row.Known = f.Get(p+"known") == "yes" && (row.UserID != "" || row.Name != "")
		row.Organisation = orgName[row.OrgID]
		d.Rows = append(d.Rows, row)
	}
	blank := 0
	for _, row := range d.Rows {
		if !row.Known {
			blank++
		}
	}
	for ; blank < attendanceBlank; blank++ {
		d.Rows = append(d.Rows, attendanceFormRow{N: len(d.Rows), Status: Present})
	}
	h.R.Render(w, r, status, "meeting/view", web.Page{Title: KindLabel(m.Kind) + ", " + longDate(m.Date), Nav: "meetings",
		Form: f, Data: d})
	return nil
}

// itemName is what an item is about, as the agenda lists it.
func itemName(it Item) string {
	switch {
	case it.Hidden:
		return it.Subject
	case it.PersonName != "":
		return it.PersonName
	case it.Subject != "":
		return it.Subject
	case it.PersonID != "":
		return "A person record you cannot see"
	}
	return Subjects.Label(it.SubjectKind)
}

// View shows a meeting's record.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	return h.show(w, r, http.StatusOK, nil, r.PathValue("id"))
}

// change runs a POST from the meeting's record: on success it redirects to
// the record (at anchor) with the message; on a problem to show it shows
// the record again with what was typed.
func (h *Handlers) change(w http.ResponseWriter, r *http.Request, names map[string]string,
	fn func(f *web.Form, version int) (anchor, msg string, err error)) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	version, _ := strconv.Atoi(f.Get("version"))
	if version <= 0 {
		version = -1 // a form without its version is stale
	}
	anchor, msg, err := fn(f, version)
	if rename(f, err, names) {
		return h.show(w, r, failStatus(err), f, id)
	}
	if err != nil {
		return err
	}
	to := "/meetings/" + id
	if anchor != "" {
		to += "#" + anchor
	}
	web.Redirect(w, r, to, msg)
	return nil
}

// Attendance replaces the meeting's attendance from the form's rows.
func (h *Handlers) Attendance(w http.ResponseWriter, r *http.Request) error {
	names := map[string]string{}
	return h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		var in AttendanceInput
		in.Version = version
		for n := 0; n < MaxPeople+attendanceBlank+1; n++ {
			p := "attendees." + strconv.Itoa(n) + "."
			status := f.Get(p + "status")
			a := AttendeeInput{UserID: f.Get(p + "user_id"), Name: f.Get(p + "name"), OrganisationID: f.Get(p + "organisation_id"),
				Status: status}
			if status == "remove" || (a.UserID == "" && a.Name == "" && a.OrganisationID == "") {
				continue
			}
			j := len(in.Attendees)
			for _, fld := range []string{"user_id", "name", "organisation_id", "status"} {
				names[fmt.Sprintf("attendees.%d.%s", j, fld)] = p + fld
			}
			in.Attendees = append(in.Attendees, a)
		}
		if in.Attendees == nil {
			in.Attendees = []AttendeeInput{}
		}
		out, err := h.Svc.SetAttendance(r.Context(), r.PathValue("id"), in)
		return "attendance", fmt.Sprintf("Attendance saved: %d people", len(out)), err
	})
}

// AddItem adds an item to the end of the agenda, or, when the search
// button was pressed, shows the record again with the person records found.
func (h *Handlers) AddItem(w http.ResponseWriter, r *http.Request) error {
	if r.FormValue("action") == "find-person" {
		return h.findPerson(w, r)
	}
	return h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
		it, err := h.Svc.AddItem(r.Context(), r.PathValue("id"), ItemInput{SubjectKind: f.Get("subject_kind"),
			PersonID: f.Get("person_id"), Subject: f.Get("subject"), Reasons: f.Lines("reasons"), Version: version})
		if err != nil {
			return "", "", err
		}
		return "item-" + it.ID, "Item added to the agenda", nil
	})
}

// findPerson searches the person records the user may see for the item
// form, keeping what was typed.
func (h *Handlers) findPerson(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	var found []choice.Option
	if q := f.Get("person_search"); q != "" {
		if found, err = h.searchPeople(r.Context(), q, ""); err != nil {
			return err
		}
	}
	return h.showFound(w, r, http.StatusOK, f, r.PathValue("id"), found, true)
}

// MoveItem moves an item one place up or down the agenda.
func (h *Handlers) MoveItem(w http.ResponseWriter, r *http.Request) error {
	return h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
		u, err := auth.Actor(r.Context())
		if err != nil {
			return "", "", err
		}
		m, err := read(r.Context(), h.Svc.DB.Read(), u, r.PathValue("id"))
		if err != nil {
			return "", "", err
		}
		ids := make([]string, len(m.Items))
		for i, it := range m.Items {
			ids[i] = it.ID
		}
		item := r.PathValue("item")
		i := slices.Index(ids, item)
		if i < 0 {
			return "", "", errs.E(errs.NotFound, "There is no such item on the agenda of this meeting")
		}
		j := i - 1
		if f.Get("direction") == "down" {
			j = i + 1
		}
		if j >= 0 && j < len(ids) {
			ids[i], ids[j] = ids[j], ids[i]
		}
		if err := h.Svc.ReorderItems(r.Context(), m.ID, ids, version); err != nil {
			return "", "", err
		}
		return "item-" + item, "Agenda reordered", nil
	})
}

// DropItem takes an item off the agenda.
func (h *Handlers) DropItem(w http.ResponseWriter, r *http.Request) error {
	return h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
		err := h.Svc.DropItem(r.Context(), r.PathValue("id"), r.PathValue("item"), version)
		return "agenda", "Item dropped from the agenda", err
	})
}

// Shared records what an agency shared on an item.
func (h *Handlers) Shared(w http.ResponseWriter, r *http.Request) error {
	item := r.PathValue("item")
	names := map[string]string{"organisation_id": "shared_org-" + item, "text": "shared_text-" + item}
	return h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		_, err := h.Svc.RecordShared(r.Context(), r.PathValue("id"), item, SharedInput{OrganisationID: f.Get("shared_org-" + item),
			Text: f.Values.Get("shared_text-" + item), NotBeyond: f.Get("not_beyond-"+item) == "yes", Version: version})
		return "item-" + item, "What was shared is recorded", err
	})
}

// Decision records the decision on an item.
func (h *Handlers) Decision(w http.ResponseWriter, r *http.Request) error {
	item := r.PathValue("item")
	names := map[string]string{"decision": "decision-" + item, "outcome": "outcome-" + item,
		"conference_needed": "conference-" + item}
	return h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		_, err := h.Svc.SetDecision(r.Context(), r.PathValue("id"), item, DecisionInput{Decision: f.Values.Get("decision-" + item),
			Outcome: f.Get("outcome-" + item), ConferenceNeeded: f.Get("conference-"+item) == "yes", Version: version})
		return "item-" + item, "Decision saved", err
	})
}

// Discussed records that an item was discussed with everyone present: the
// organisations present are involved with the person's record.
func (h *Handlers) Discussed(w http.ResponseWriter, r *http.Request) error {
	item := r.PathValue("item")
	return h.change(w, r, map[string]string{}, func(f *web.Form, version int) (string, string, error) {
		granted, err := h.Svc.DiscussedWithPresent(r.Context(), r.PathValue("id"), item, version)
		msg := "Recorded as discussed with everyone present: every organisation present could already see the record"
		if len(granted) > 0 {
			msg = "Recorded as discussed with everyone present: " + strings.Join(granted, ", ") + " can now see the record"
		}
		return "item-" + item, msg, err
	})
}

// AddAction records an action, which becomes a task in its owner's work.
func (h *Handlers) AddAction(w http.ResponseWriter, r *http.Request) error {
	names := map[string]string{"item_id": "action_item", "text": "action_text", "owner": "action_owner",
		"due_date": "action_due", "disruption": "action_disruption"}
	return h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		in := ActionInput{ItemID: f.Get("action_item"), Text: f.Values.Get("action_text"), Version: version,
			Disruption: f.Get("action_disruption")}
		switch kind, id, _ := strings.Cut(f.Get("action_owner"), ":"); kind {
		case "user":
			in.OwnerUserID = id
		case "team":
			in.OwnerTeamID = id
		}
		due, problem := formDay(f, "action_due", "The date the action is due")
		in.DueDate = due
		_, err := h.Svc.AddAction(r.Context(), r.PathValue("id"), in)
		if errs.Is(err, errs.Invalid) && problem != "" {
			err = withField(err, "due_date", problem)
		}
		return "actions", "Action agreed: it is a task in its owner’s work", err
	})
}

// withField puts msg in place of err's problem with field.
func withField(err error, field, msg string) error {
	var v errs.Validation
	for _, fe := range errs.Fields(err) {
		if fe.Field == field {
			fe.Message = msg
		}
		v.Add(fe.Field, fe.Message)
	}
	if !v.Has(field) {
		v.Add(field, msg)
	}
	return v.Err()
}
