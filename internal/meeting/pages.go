package meeting

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The meetings' pages: the list, the form to arrange a meeting, a
// meeting's record with its forms, the daily agenda, the printable minutes
// and the absence report.

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the meeting pages use.
var TemplateFuncs = template.FuncMap{
	"kindLabel":       KindLabel,
	"kindPhrase":      kindPhrase,
	"stateLabel":      func(code string) string { return label(States, code) },
	"attendanceLabel": func(code string) string { return label(Attendances, code) },
	"outcomeLabel":    OutcomeLabel,
	"disruptionLabel": DisruptionLabel,
	"subjectLabel":    func(code string) string { return label(Subjects, code) },
	"conveneLabel":    func(code string) string { return label(Conveners, code) },
	"longDate":        longDate,
	"paragraphs":      paragraphs,
	"stateTag": func(code string) string {
		return map[string]string{Planned: "blue", Held: "green", Cancelled: "grey"}[code]
	},
	"attendanceTag": func(code string) string {
		return map[string]string{Present: "green", Apologies: "yellow", Absent: "red"}[code]
	},
	"field":          func(name, id string) string { return name + "-" + id },
	"otherKindLabel": func(code string) string { return label(OtherKinds, code) },
	"relationLabel":  RelationLabel,
}

type option struct{ Value, Label string }

func choices(list []Choice) []option {
	out := make([]option, 0, len(list))
	for _, c := range list {
		out = append(out, option{Value: c.Code, Label: c.Label})
	}
	return out
}

// kindPhrase is a kind of meeting as a sentence says it.
func kindPhrase(code string) string {
	return map[string]string{Daily: "daily multi-agency meeting", Strategy: "strategy discussion",
		Panel: "MACE panel", Mapping: "mapping meeting"}[code]
}

// agencyPhrase is a kind of agency as a sentence says it.
func agencyPhrase(t auth.OrgType) string {
	if s, ok := map[auth.OrgType]string{auth.LocalAuthority: "local authority social work", auth.PoliceForce: "police",
		auth.Health: "health", auth.Education: "education", auth.YouthJustice: "youth justice",
		auth.Voluntary: "the voluntary sector", auth.CommunitySafety: "community safety"}[t]; ok {
		return s
	}
	return strings.ToLower(auth.OrgTypeLabel(t))
}

// andList joins words as a sentence does: "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// missingMessage says which required agencies no one came from, or "".
func missingMessage(m *Meeting) string {
	if len(m.Missing) == 0 || (m.State == Planned && len(m.Attendees) == 0) || m.State == Cancelled {
		return ""
	}
	var missing, required []string
	for _, t := range m.Missing {
		missing = append(missing, agencyPhrase(t))
	}
	for _, t := range m.Required {
		required = append(required, agencyPhrase(t))
	}
	return fmt.Sprintf("No one from %s was present: a %s needs %s", andList(missing), kindPhrase(m.Kind), andList(required))
}

func longDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(calendar.London).Format("Monday 2 January 2006")
}

// paragraphs splits text at line breaks, for showing as paragraphs.
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// rename moves err's field problems onto the page's field names (a name
// not in names keeps its own) and adds them to f. It reports whether err
// was a problem to show on the form: invalid entries, or a conflict such as
// a stale form.
func rename(f *web.Form, err error, names map[string]string) bool {
	switch {
	case errs.Is(err, errs.Conflict):
		f.SetError("", errs.Public(err))
		return true
	case !errs.Is(err, errs.Invalid):
		return false
	}
	fields := errs.Fields(err)
	if len(fields) == 0 {
		f.SetError("", errs.Public(err))
	}
	for _, fe := range fields {
		if n, ok := names[fe.Field]; ok {
			fe.Field = n
		}
		f.Errors = append(f.Errors, fe)
	}
	return true
}

// failStatus is the status of a page shown again with the form's problems.
func failStatus(err error) int {
	if errs.Is(err, errs.Conflict) {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

func today(s *Service) civil.Date { return calendar.LondonDate(s.Now()) }

// ---------------------------------------------------------------------------
// The list

type listData struct {
	Kind       string
	Kinds      []option
	Upcoming   []Summary
	Recent     []Summary
	CanArrange bool
	CanReport  bool
}

// List shows upcoming meetings and those of the last eight weeks that the
// user may see, of one kind or all.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	kind := r.URL.Query().Get("kind")
	if !valid(Kinds, kind) {
		kind = ""
	}
	now := today(h.Svc)
	up, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now, To: now.AddDays(366)})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	recent, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now.AddDays(-56), To: now.AddDays(-1)})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	slices.Reverse(recent)
	d := listData{Kind: kind, Kinds: choices(Kinds), Upcoming: up, Recent: recent, CanArrange: access.RunMeetings(u),
		CanReport: access.MeetingAbsenceReport(u, u.Organisation.ID)}
	h.R.Render(w, r, http.StatusOK, "meeting/list", web.Page{Title: "Meetings", Nav: "meetings", Data: d})
}

// ---------------------------------------------------------------------------
// Arranging a meeting

type formData struct {
	Kind      string // fixed by the link followed, or "" to choose
	Kinds     []option
	Chairs    []option
	Conveners []option
	IdemKey   string
}

func (h *Handlers) chairs(r *http.Request) ([]option, error) {
	u := auth.UserFrom(r.Context())
	users, err := h.Staff.ListUsers(r.Context(), u.Organisation.ID)
	if err != nil {
		return nil, errs.Wrap(err, "listing staff")
	}
	var out []option
	for _, c := range users {
		if c.Active && access.RunMeetings(c) {
			out = append(out, option{Value: c.ID, Label: c.Name})
		}
	}
	return out, nil
}

// New shows the form to arrange a meeting: ?kind= fixes its kind, and
// ?convened_by_type=&convened_by_id= what convened a strategy discussion.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	if !access.RunMeetings(u) {
		h.R.Error(w, r, errMayNotRun)
		return
	}
	q := r.URL.Query()
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "chair_id": {u.ID}})
	if k := q.Get("kind"); valid(Kinds, k) {
		f.Values.Set("kind", k)
	}
	for _, n := range []string{"convened_by_type", "convened_by_id"} {
		f.Values.Set(n, q.Get(n))
	}
	h.showForm(w, r, http.StatusOK, f, q.Get("kind"))
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, fixed string) {
	chairs, err := h.chairs(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !valid(Kinds, fixed) {
		fixed = ""
	}
	d := formData{Kind: fixed, Kinds: choices(Kinds), Chairs: chairs, Conveners: choices(Conveners),
		IdemKey: f.Get("idempotency_key")}
	title := "Arrange a meeting"
	if fixed != "" {
		title = "Arrange a " + kindPhrase(fixed)
	}
	h.R.Render(w, r, status, "meeting/form", web.Page{Title: title, Nav: "meetings", Form: f, Data: d})
}

// formClock reads a time typed on a form as HH:MM, or leaves it as typed
// for the service to refuse.
func formClock(s string) string {
	if hh, mm, problem := web.ParseClock(s, "the time"); problem == "" {
		return fmt.Sprintf("%02d:%02d", hh, mm)
	}
	return s
}

// formDay reads a date input as an ISO date, with the problem to show
// instead of the service's, if any.
func formDay(f *web.Form, name, what string) (string, string) {
	d, problem := f.FormDate(name, what)
	if problem != "" || d.IsZero() {
		return "", problem
	}
	return d.String(), ""
}

// overrule puts msg in place of the service's problem with field.
func overrule(f *web.Form, field, msg string) {
	if msg == "" {
		return
	}
	for i := range f.Errors {
		if f.Errors[i].Field == field {
			f.Errors[i].Message = msg
			return
		}
	}
	f.SetError(field, msg)
}

// Create arranges a meeting from the form. A double submit returns the
// first submission's meeting.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	date, problem := formDay(f, "date", "The date of the meeting")
	in := Input{Kind: f.Get("kind"), Date: date, Time: formClock(f.Get("time")), ChairID: f.Get("chair_id"),
		Reason: f.Values.Get("reason"), ConvenedByType: f.Get("convened_by_type"), ConvenedByID: f.Get("convened_by_id")}
	m, err := h.Svc.Create(r.Context(), in, f.Get("idempotency_key"))
	if rename(f, err, nil) {
		overrule(f, "date", problem)
		h.showForm(w, r, failStatus(err), f, f.Get("fixed_kind"))
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/meetings/"+m.ID, KindLabel(m.Kind)+" arranged")
}

// ---------------------------------------------------------------------------
// A meeting's record

type viewData struct {
	M       *Meeting
	Missing string
	Rows    []attendanceFormRow
	Users   []option // everyone who may be recorded as attending or own an action
	Orgs    []option
	Present []option // the organisations present, who may have shared
	Owners  []option // people and teams who may own an action
	Items   []option // the agenda, for an action's item
	// Disruptions are the kinds of disruption an action may be.
	Disruptions []Choice
	Strategy    bool
	Outcomes    []option
	Subjects    []option
	// OwnerNames names each action's owner, by the action's id.
	OwnerNames map[string]string
	// Found are the person records a search on the item form found.
	Found    []option
	Searched bool
	// Assessments are the arrangements made from the items, by item id.
	Assessments map[string]*Assessment
	// Links are the associations recorded at the meeting; Link is what
	// the form to record one offers.
	Links      []Link
	Link       linkForm
	OtherKinds []option
	Relations  []option
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
func (h *Handlers) show(w http.ResponseWriter, r *http.Request, status int, posted *web.Form, id string) {
	h.showFound(w, r, status, posted, id, nil, false)
}

// showFound is show with the person records a search found for the item
// form.
func (h *Handlers) showFound(w http.ResponseWriter, r *http.Request, status int, posted *web.Form, id string,
	found []option, searched bool) {
	m, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
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
	d := viewData{M: m, Missing: missingMessage(m), Strategy: m.Kind == Strategy, Outcomes: choices(Outcomes), Disruptions: Disruptions,
		Subjects: choices(Subjects), OwnerNames: map[string]string{}, Found: found, Searched: searched}
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
		h.R.Error(w, r, errs.Wrap(err, "listing organisations"))
		return
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, option{Value: o.ID, Label: o.Name})
		orgName[o.ID] = o.Name
	}
	// The organisations the reader may record sharing for: any present,
	// for those who run the meeting; their own, for a partner present.
	reader := auth.UserFrom(r.Context())
	for _, id := range rules(m).PresentOrgs {
		if access.ShareAtMeeting(reader, rules(m), id) {
			d.Present = append(d.Present, option{Value: id, Label: orgName[id]})
		}
	}
	if m.CanEdit {
		users, err := h.Staff.ListUsers(r.Context(), "")
		if err != nil {
			h.R.Error(w, r, errs.Wrap(err, "listing users"))
			return
		}
		for _, u := range users {
			if u.Active {
				d.Users = append(d.Users, option{Value: u.ID, Label: u.Name + " (" + u.Organisation.Name + ")"})
				d.Owners = append(d.Owners, option{Value: "user:" + u.ID, Label: u.Name + " (" + u.Organisation.Name + ")"})
			}
		}
		teams, err := h.Staff.ListTeams(r.Context(), m.OwnerOrgID)
		if err != nil {
			h.R.Error(w, r, errs.Wrap(err, "listing teams"))
			return
		}
		for _, t := range teams {
			d.Owners = append(d.Owners, option{Value: "team:" + t.ID, Label: t.Name + " (team, " + m.OwnerOrgName + ")"})
		}
	}
	for _, it := range m.Items {
		d.Items = append(d.Items, option{Value: it.ID, Label: fmt.Sprintf("%d. %s", it.Position, itemName(it))})
	}
	if d.Assessments, err = h.Svc.Assessments(r.Context(), m.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if d.Links, err = h.Svc.Links(r.Context(), m.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if m.CanEdit {
		if d.Link, err = h.linkChoices(r.Context(), m, f); err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.OtherKinds, d.Relations = choices(OtherKinds), choices(Relations)
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
}

// itemName is what an item is about, as the agenda lists it.
func itemName(it Item) string {
	switch {
	case it.PersonName != "":
		return it.PersonName
	case it.Subject != "":
		return it.Subject
	case it.PersonID != "":
		return "A person record you cannot see"
	}
	return label(Subjects, it.SubjectKind)
}

// View shows a meeting's record.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	h.show(w, r, http.StatusOK, nil, r.PathValue("id"))
}

// change runs a POST from the meeting's record: on success it redirects to
// the record (at anchor) with the message; on a problem to show it shows
// the record again with what was typed.
func (h *Handlers) change(w http.ResponseWriter, r *http.Request, names map[string]string,
	fn func(f *web.Form, version int) (anchor, msg string, err error)) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	version, _ := strconv.Atoi(f.Get("version"))
	if version <= 0 {
		version = -1 // a form without its version is stale
	}
	anchor, msg, err := fn(f, version)
	if rename(f, err, names) {
		h.show(w, r, failStatus(err), f, id)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	to := "/meetings/" + id
	if anchor != "" {
		to += "#" + anchor
	}
	web.Redirect(w, r, to, msg)
}

// Attendance replaces the meeting's attendance from the form's rows.
func (h *Handlers) Attendance(w http.ResponseWriter, r *http.Request) {
	names := map[string]string{}
	h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
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
func (h *Handlers) AddItem(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("action") == "find-person" {
		h.findPerson(w, r)
		return
	}
	h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
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
func (h *Handlers) findPerson(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	var found []option
	if q := f.Get("person_search"); q != "" {
		if found, err = h.searchPeople(r.Context(), q, ""); err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	h.showFound(w, r, http.StatusOK, f, r.PathValue("id"), found, true)
}

// MoveItem moves an item one place up or down the agenda.
func (h *Handlers) MoveItem(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
		u, err := actor(r.Context())
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
func (h *Handlers) DropItem(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, nil, func(f *web.Form, version int) (string, string, error) {
		err := h.Svc.DropItem(r.Context(), r.PathValue("id"), r.PathValue("item"), version)
		return "agenda", "Item dropped from the agenda", err
	})
}

// Shared records what an agency shared on an item.
func (h *Handlers) Shared(w http.ResponseWriter, r *http.Request) {
	item := r.PathValue("item")
	names := map[string]string{"organisation_id": "shared_org-" + item, "text": "shared_text-" + item}
	h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		_, err := h.Svc.RecordShared(r.Context(), r.PathValue("id"), item, SharedInput{OrganisationID: f.Get("shared_org-" + item),
			Text: f.Values.Get("shared_text-" + item), NotBeyond: f.Get("not_beyond-"+item) == "yes", Version: version})
		return "item-" + item, "What was shared is recorded", err
	})
}

// Decision records the decision on an item.
func (h *Handlers) Decision(w http.ResponseWriter, r *http.Request) {
	item := r.PathValue("item")
	names := map[string]string{"decision": "decision-" + item, "outcome": "outcome-" + item,
		"conference_needed": "conference-" + item}
	h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
		_, err := h.Svc.SetDecision(r.Context(), r.PathValue("id"), item, DecisionInput{Decision: f.Values.Get("decision-" + item),
			Outcome: f.Get("outcome-" + item), ConferenceNeeded: f.Get("conference-"+item) == "yes", Version: version})
		return "item-" + item, "Decision saved", err
	})
}

// AddAction records an action, which becomes a task in its owner's work.
func (h *Handlers) AddAction(w http.ResponseWriter, r *http.Request) {
	names := map[string]string{"item_id": "action_item", "text": "action_text", "owner": "action_owner",
		"due_date": "action_due", "disruption": "action_disruption"}
	h.change(w, r, names, func(f *web.Form, version int) (string, string, error) {
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

// ---------------------------------------------------------------------------
// The daily agenda

type dailyData struct {
	Date      civil.Date
	Agenda    *DailyAgenda
	Since     string
	Recorded  *Summary
	CanRecord bool
	Chairs    []option
	IdemKey   string
	Prev      string
	Next      string
}

// nextWorkingDay is the first working day after day.
func nextWorkingDay(cal *calendar.Calendar, day civil.Date, step int) civil.Date {
	d := day.AddDays(step)
	for i := 0; i < 30 && !cal.IsWorkingDay(d); i++ {
		d = d.AddDays(step)
	}
	return d
}

// Daily shows the generated agenda of the daily meeting on ?date= (the next
// working day when not given), with the reasons for each item, and for
// those who run meetings the form that records the meeting with the items
// chosen.
func (h *Handlers) Daily(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "time": {"09:30"},
		"chair_id": {auth.UserFrom(r.Context()).ID}})
	h.showDaily(w, r, http.StatusOK, f, r.URL.Query().Get("date"), true)
}

func (h *Handlers) showDaily(w http.ResponseWriter, r *http.Request, status int, f *web.Form, day string, fresh bool) {
	cal, err := h.Svc.Calendar.Calendar(r.Context())
	if err != nil {
		h.R.Error(w, r, errs.Wrap(err, "reading the calendar"))
		return
	}
	date := nextWorkingDay(cal, today(h.Svc), 1)
	if day != "" {
		d, err := civil.Parse(day)
		if err != nil {
			h.R.Error(w, r, errs.E(errs.Invalid, "Give the date of the daily meeting like 2026-11-24"))
			return
		}
		date = d
	}
	d := dailyData{Date: date, CanRecord: access.RunMeetings(auth.UserFrom(r.Context())), IdemKey: f.Get("idempotency_key"),
		Prev: nextWorkingDay(cal, date, -1).String(), Next: nextWorkingDay(cal, date, 1).String()}
	ag, err := h.Agendas.Daily(r.Context(), date)
	if errs.Is(err, errs.Invalid) {
		f.Fail(err)
		h.R.Render(w, r, http.StatusUnprocessableEntity, "meeting/daily", web.Page{Title: "Daily meeting agenda",
			Nav: "meetings", Form: f, Data: d})
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d.Agenda = ag
	d.Since = "Since the daily meeting on " + ag.From.In(calendar.London).Format("Monday 2 January at 15:04")
	if fresh {
		for _, it := range ag.Items {
			f.Values.Add("items", it.Key())
		}
		if at := ag.To.In(calendar.London); civil.Of(at) == date {
			f.Values.Set("time", at.Format("15:04"))
		}
	}
	recorded, err := h.Svc.List(r.Context(), ListQuery{Kind: Daily, From: date, To: date, Limit: 1})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if len(recorded) > 0 {
		d.Recorded = &recorded[0]
	}
	if d.Chairs, err = h.chairs(r); err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, status, "meeting/daily", web.Page{Title: "Daily meeting agenda", Nav: "meetings", Form: f, Data: d})
}

// RecordDaily records the daily meeting for the date with the generated
// items chosen as its agenda. A double submit records it once.
func (h *Handlers) RecordDaily(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	day, err := civil.Parse(f.Get("date"))
	if err != nil {
		h.R.Error(w, r, errs.E(errs.Invalid, "Give the date of the daily meeting like 2026-11-24"))
		return
	}
	ag, err := h.Agendas.Daily(r.Context(), day)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			f.Fail(err)
			h.showDaily(w, r, http.StatusUnprocessableEntity, f, day.String(), false)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	chosen := f.All("items")
	var items []AgendaItem
	for _, it := range ag.Items {
		if slices.Contains(chosen, it.Key()) {
			items = append(items, it)
		}
	}
	m, err := h.Svc.RecordDaily(r.Context(), Input{Date: day.String(), Time: formClock(f.Get("time")), ChairID: f.Get("chair_id")},
		items, f.Get("idempotency_key"))
	if rename(f, err, nil) {
		h.showDaily(w, r, failStatus(err), f, day.String(), false)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/meetings/"+m.ID, fmt.Sprintf("Daily meeting recorded with %d agenda items", len(m.Items)))
}

// ---------------------------------------------------------------------------
// Minutes

type minutesData struct {
	M       *Meeting
	Missing string
	Orgs    []option
	Printed time.Time
}

// Minutes shows a meeting's minutes, made to print.
func (h *Handlers) Minutes(w http.ResponseWriter, r *http.Request) {
	h.showMinutes(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showMinutes(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	m, err := h.Svc.Minutes(r.Context(), r.PathValue("id"), "")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	orgs, err := h.Svc.Directory.ListOrganisations(r.Context())
	if err != nil {
		h.R.Error(w, r, errs.Wrap(err, "listing organisations"))
		return
	}
	d := minutesData{M: m, Missing: missingMessage(m), Printed: h.Svc.Now()}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, option{Value: o.ID, Label: o.Name})
	}
	h.R.Render(w, r, status, "meeting/minutes", web.Page{Title: "Minutes: " + KindLabel(m.Kind) + ", " + longDate(m.Date),
		Nav: "meetings", Form: f, Data: d})
}

// MinutesText downloads a meeting's minutes as plain text for the
// organisation ?for=, leaving out what was not to go beyond the meeting
// unless that organisation was present.
func (h *Handlers) MinutesText(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r.URL.Query())
	if f.Get("for") == "" {
		f.SetError("for", "Select the organisation the minutes are for")
		h.showMinutes(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	m, err := h.Svc.Minutes(r.Context(), r.PathValue("id"), f.Get("for"))
	if f.Fail(err) {
		h.showMinutes(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	orgs, err := h.Svc.orgNames(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="minutes-%s-%s.txt"`, m.Kind, m.Date))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(minutesText(m, orgs[f.Get("for")], h.Svc.Now())))
}

// minutesText writes the minutes as plain text.
func minutesText(m *Meeting, recipient string, now time.Time) string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s, %s at %s", KindLabel(m.Kind), longDate(m.Date), m.Time)
	line("%s", m.OwnerOrgName)
	line("Chair: %s", m.ChairName)
	line("State: %s", label(States, m.State))
	line("Minutes for %s, written %s.", recipient, now.In(calendar.London).Format("2 January 2006 at 15:04"))
	line("Confidential: share only with those who need to know.")
	if m.Withheld > 0 {
		line("Some information shared at the meeting is not in these minutes: it was not to go beyond the meeting.")
	}
	if m.Reason != "" {
		line("\nReason for the strategy discussion\n%s", m.Reason)
	}
	line("\nAttendance")
	for _, a := range m.Attendees {
		line("- %s, %s: %s", a.Name, a.OrganisationName, label(Attendances, a.Status))
	}
	if msg := missingMessage(m); msg != "" {
		line("%s.", msg)
	}
	line("\nAgenda")
	for _, it := range m.Items {
		line("\n%d. %s (%s)", it.Position, itemName(it), label(Subjects, it.SubjectKind))
		for _, rs := range it.Reasons {
			line("   Why it is on the agenda: %s", rs)
		}
		for _, sh := range it.Shared {
			note := ""
			if sh.NotBeyond {
				note = " [not to go beyond the meeting]"
			}
			line("   %s shared%s: %s", sh.OrganisationName, note, oneLine(sh.Text))
		}
		if it.Outcome != "" {
			line("   Decision: %s", OutcomeLabel(it.Outcome))
		}
		if it.Decision != "" {
			line("   Decision: %s", oneLine(it.Decision))
		}
		if it.ConferenceNeeded {
			line("   An initial child protection conference is needed.")
		}
	}
	line("\nActions")
	for _, a := range m.Actions {
		line("- %s (%s, due %s)", oneLine(a.Text), a.OrganisationName, longDate(a.DueDate))
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// The absence report

// Absences shows how often agencies were missing from the authority's
// meetings over a period (the last three months by default).
func (h *Handlers) Absences(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := web.NewForm(q)
	now := today(h.Svc)
	from, to := now.AddDays(-91), now
	for _, p := range []struct {
		name, what string
		d          *civil.Date
	}{{"from", "The start of the period", &from}, {"to", "The end of the period", &to}} {
		if iso := f.Get(p.name); iso != "" && f.Get(p.name+"-day") == "" {
			if d, err := civil.Parse(iso); err == nil {
				f.SetDate(p.name, d)
			} else {
				f.SetError(p.name, p.what+" must be a real date")
			}
		}
		switch d, problem := f.FormDate(p.name, p.what); {
		case problem != "":
			if f.Error(p.name) == "" {
				f.SetError(p.name, problem)
			}
		case !d.IsZero():
			*p.d = d
		default:
			f.SetDate(p.name, *p.d)
		}
	}
	var rep *AbsenceReport
	if !f.HasErrors() {
		var err error
		rep, err = h.Svc.Absences(r.Context(), "", from, to)
		if !f.Fail(err) && err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	h.R.Render(w, r, http.StatusOK, "meeting/absences", web.Page{Title: "Agencies absent from meetings", Nav: "meetings",
		Form: f, Data: rep})
}
