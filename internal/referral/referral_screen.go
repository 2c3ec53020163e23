package referral

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type viewData struct {
	Referral   *Referral
	Candidates []Candidate
	Matching   bool // a matcher is wired in
	Person     *personLink
	Agencies   []option
	Indicators []Option
	RiskLabel  string
	Now        time.Time
	CheckForm  *web.Form
	SignOff    *web.Form
	DeciderName,
	SignerName string
	// ConveneStrategy offers to arrange the strategy discussion a decision
	// asked for, to those who run meetings.
	ConveneStrategy bool
}

type personLink struct{ ID, Name string }

// View shows a referral: all of it to the receiving authority, with the
// screening work; the referrer's own view to the referrer.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	h.view(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) view(w http.ResponseWriter, r *http.Request, status int, check, signOff *web.Form) {
	ctx := r.Context()
	ref, err := h.Svc.Get(ctx, r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := viewData{Referral: ref, Now: h.Svc.Now(), Indicators: h.Svc.Settings.Indicators, Matching: h.Svc.Matcher != nil,
		CheckForm: check, SignOff: signOff}
	if d.CheckForm == nil {
		d.CheckForm = web.NewForm(nil)
	}
	if d.SignOff == nil {
		d.SignOff = web.NewForm(nil)
	}
	if ref.Decision != nil {
		d.ConveneStrategy = ref.State == Decided && ref.Decision.Outcome == Strategy && access.RunMeetings(auth.UserFrom(ctx))
		d.RiskLabel = h.Svc.Settings.riskLabel(ref.Decision.RiskLevel)
		d.DeciderName = h.userName(r, ref.Decision.DecidedBy)
		d.SignerName = h.userName(r, ref.Decision.SignedOffBy)
	}
	title := "Referral " + ref.Reference
	if ref.OutcomeOnly {
		h.R.Render(w, r, status, "referral/outcome", web.Page{Title: title, Nav: "referrals", Data: d})
		return
	}
	if ref.PersonID != "" {
		if p, err := h.Svc.People.Get(ctx, ref.PersonID); err == nil {
			d.Person = &personLink{ID: p.ID, Name: p.Name()}
			if p.ContentHidden {
				d.Person.Name = "Restricted record"
			}
		}
	} else if ref.CanScreen {
		if _, d.Candidates, err = h.Svc.Matches(ctx, ref.ID, 10); err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	if ref.CanScreen {
		orgs, err := h.Svc.Organisations(ctx)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		for _, o := range orgs {
			d.Agencies = append(d.Agencies, option{Value: o.ID, Label: o.Name})
		}
	}
	h.R.Render(w, r, status, "referral/view", web.Page{Title: title, Nav: "screening", Data: d})
}

func (h *Handlers) userName(r *http.Request, id string) string {
	if id == "" {
		return ""
	}
	u, err := h.Svc.Directory.GetUser(r.Context(), id)
	if err != nil {
		return "a member of staff"
	}
	return u.Name
}

type queueData struct {
	Queue Queue
	Now   time.Time
}

// Queue shows the screening queue with the time left on each referral.
func (h *Handlers) Queue(w http.ResponseWriter, r *http.Request) {
	q, err := h.Svc.Queue(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "referral/queue", web.Page{Title: "Screening queue", Nav: "screening",
		Data: queueData{q, h.Svc.Now()}})
}

// Link links the referral to the chosen person record.
func (h *Handlers) Link(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ref, err := h.Svc.LinkPerson(r.Context(), r.PathValue("id"), f.Get("person_id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "Referral linked to the young person’s record")
}

// NewPerson makes a new person record from the referral and links it.
func (h *Handlers) NewPerson(w http.ResponseWriter, r *http.Request) {
	ref, err := h.Svc.CreatePerson(r.Context(), r.PathValue("id"))
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			web.Redirect(w, r, "/referrals/"+r.PathValue("id"), errs.Public(err))
			return
		}
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "New record created for the young person and linked to the referral")
}

// AddCheck records a partner agency check.
func (h *Handlers) AddCheck(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	in := CheckInput{AgencyID: f.Get("agency_id"), Contact: f.Get("contact"), Findings: f.Values.Get("findings")}
	on, problem := f.FormDate("checked_on", "The date of the check")
	if !on.IsZero() {
		in.CheckedAt = on.String()
	}
	in.DateProblem = problem
	ref, err := h.Svc.AddCheck(r.Context(), r.PathValue("id"), in)
	if f.Fail(err) {
		h.view(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/referrals/"+ref.ID+"#checks", "Agency check recorded")
}

type decisionData struct {
	Referral   *Referral
	NeedLevels []option
	Outcomes   []option
	Risks      []option
	Now        time.Time
}

// DecisionForm shows the screening decision form.
func (h *Handlers) DecisionForm(w http.ResponseWriter, r *http.Request) {
	ref, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && !ref.CanScreen {
		err = errs.E(errs.Forbidden, "This referral cannot be decided by you now")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	f := web.NewForm(url.Values{"version": {strconv.Itoa(ref.Version)}})
	h.showDecision(w, r, http.StatusOK, f, ref)
}

func (h *Handlers) showDecision(w http.ResponseWriter, r *http.Request, status int, f *web.Form, ref *Referral) {
	d := decisionData{Referral: ref, NeedLevels: opts(NeedLevels), Outcomes: opts(Outcomes), Now: h.Svc.Now()}
	for _, l := range h.Svc.Settings.RiskLevels {
		d.Risks = append(d.Risks, option{Value: l.Code, Label: l.Label, Hint: l.Band})
	}
	h.R.Render(w, r, status, "referral/decision", web.Page{Title: "Decide referral " + ref.Reference, Nav: "screening",
		Form: f, Data: d})
}

// Decide saves the screening decision.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	in := DecisionInput{Outcome: f.Get("outcome"), RiskLevel: f.Get("risk_level"), Rationale: f.Values.Get("rationale"),
		Feedback: f.Values.Get("referrer_feedback")}
	in.NeedLevel, _ = strconv.Atoi(f.Get("need_level"))
	in.Version, _ = strconv.Atoi(f.Get("version"))
	id := r.PathValue("id")
	ref, err := h.Svc.Decide(r.Context(), id, in)
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Svc.Get(r.Context(), id)
		if gerr != nil {
			h.R.Error(w, r, gerr)
			return
		}
		f.Fail(err)
		h.showDecision(w, r, http.StatusUnprocessableEntity, f, stored)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	msg := "Decision recorded. The referrer has been told the outcome."
	if ref.State == AwaitingSignOff {
		msg = "Decision recorded. No further action needs a manager’s sign-off before the referrer is told."
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, msg)
}

// SignOff records a manager's answer to a decision of no further action.
func (h *Handlers) SignOff(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	var ref *Referral
	switch f.Get("agree") {
	case "yes", "no":
		ref, err = h.Svc.SignOff(r.Context(), r.PathValue("id"), f.Get("agree") == "yes", f.Values.Get("sign_off_note"))
	default:
		err = errs.FieldErr("agree", "Select whether you agree with no further action")
	}
	if f.Fail(err) {
		h.view(w, r, http.StatusUnprocessableEntity, nil, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	msg := "Signed off. The referrer has been told the outcome."
	if ref.State == AwaitingScreening {
		msg = "Sent back to screening with your note."
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, msg)
}
