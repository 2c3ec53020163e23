package referral

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The screening pages: linking the child's record, agency checks, the
// decision and a manager's sign-off.

// Link links the referral to the chosen person record.
func (h *Handlers) Link(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ref, err := h.Svc.LinkPerson(r.Context(), r.PathValue("id"), f.Get("person_id"))
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "Referral linked to the young person’s record")
	return nil
}

// NewPerson makes a new person record from the referral and links it.
func (h *Handlers) NewPerson(w http.ResponseWriter, r *http.Request) error {
	ref, err := h.Svc.CreatePerson(r.Context(), r.PathValue("id"))
	if errs.Is(err, errs.Invalid) {
		web.Redirect(w, r, "/referrals/"+r.PathValue("id"), errs.Public(err))
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "New record created for the young person and linked to the referral")
	return nil
}

// AddCheck records a partner agency check.
func (h *Handlers) AddCheck(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	in := CheckInput{AgencyID: f.Get("agency_id"), Contact: f.Get("contact"), Findings: f.Values.Get("findings")}
	on, problem := f.FormDate("checked_on", "The date of the check")
	if !on.IsZero() {
		in.CheckedAt = on.String()
	}
	in.DateProblem = problem
	ref, err := h.Svc.AddCheck(r.Context(), r.PathValue("id"), in)
	if f.Fail(err) {
		return h.view(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/referrals/"+ref.ID+"#checks", "Agency check recorded")
	return nil
}

type decisionData struct {
	Referral   *Referral
	NeedLevels []choice.Option
	Outcomes   []choice.Option
	Risks      []choice.Option
	Now        time.Time
}

// DecisionForm shows the screening decision form.
func (h *Handlers) DecisionForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ref.Hidden {
		return errRestricted
	}
	if !ref.CanScreen {
		return errs.E(errs.Forbidden, "This referral cannot be decided by you now")
	}
	f := web.NewForm(url.Values{"version": {strconv.Itoa(ref.Version)}})
	h.showDecision(w, r, http.StatusOK, f, ref)
	return nil
}

func (h *Handlers) showDecision(w http.ResponseWriter, r *http.Request, status int, f *web.Form, ref *Referral) {
	d := decisionData{Referral: ref, NeedLevels: NeedLevels.Options(), Outcomes: Outcomes.Options(), Now: h.Svc.Now()}
	for _, l := range h.Svc.Settings.RiskLevels {
		d.Risks = append(d.Risks, choice.Option{Value: l.Code, Label: l.Label, Hint: l.Band})
	}
	h.R.Render(w, r, status, "referral/decision", web.Page{Title: "Decide referral " + ref.Reference, Nav: "screening",
		Form: f, Data: d})
}

// Decide saves the screening decision.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
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
			return gerr
		}
		f.Fail(err)
		h.showDecision(w, r, http.StatusUnprocessableEntity, f, stored)
		return nil
	}
	if err != nil {
		return err
	}
	msg := "Decision recorded. The referrer has been told the outcome."
	if ref.State == AwaitingSignOff {
		msg = "Decision recorded. No further action needs a manager’s sign-off before the referrer is told."
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, msg)
	return nil
}

// SignOff records a manager's answer to a decision of no further action.
func (h *Handlers) SignOff(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	var ref *Referral
	switch f.Get("agree") {
	case "yes", "no":
		ref, err = h.Svc.SignOff(r.Context(), r.PathValue("id"), f.Get("agree") == "yes", f.Values.Get("sign_off_note"))
	default:
		err = errs.FieldErr("agree", "Select whether you agree with no further action")
	}
	if f.Fail(err) {
		return h.view(w, r, http.StatusUnprocessableEntity, nil, f)
	}
	if err != nil {
		return err
	}
	msg := "Signed off. The referrer has been told the outcome."
	if ref.State == AwaitingScreening {
		msg = "Sent back to screening with your note."
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, msg)
	return nil
}
