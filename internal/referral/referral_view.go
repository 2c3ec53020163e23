package referral

import (
	"net/http"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

type viewData struct {
	Referral   *Referral
	Candidates []Candidate
	Matching   bool // a matcher is wired in
	Person     *personLink
	Agencies   []choice.Option
	Indicators choice.Choices
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
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	return h.view(w, r, http.StatusOK, nil, nil)
}

// view shows the referral with the check and sign-off forms as given (nil
// for empty ones).
func (h *Handlers) view(w http.ResponseWriter, r *http.Request, status int, check, signOff *web.Form) error {
	ctx := r.Context()
	ref, err := h.Svc.Get(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := viewData{Referral: ref, Now: h.Svc.Now(), Indicators: h.Svc.Settings.Indicators, Matching: h.Svc.Matcher != nil,
		CheckForm: check, SignOff: signOff}
	if d.CheckForm == nil {
		d.CheckForm = web.NewForm(nil)
	}
	if d.SignOff == nil {
		d.SignOff = web.NewForm(nil)
	}
	title := "Referral " + ref.Reference
	if ref.Hidden {
		h.R.Render(w, r, status, "referral/hidden", web.Page{Title: title, Nav: "screening", Data: d})
		return nil
	}
	if ref.Decision != nil {
		d.ConveneStrategy = ref.State == Decided && ref.Decision.Outcome == Strategy && access.RunMeetings(auth.UserFrom(ctx))
		d.RiskLabel = h.Svc.Settings.riskLabel(ref.Decision.RiskLevel)
		d.DeciderName = h.userName(r, ref.Decision.DecidedBy)
		d.SignerName = h.userName(r, ref.Decision.SignedOffBy)
	}
	if ref.OutcomeOnly {
		h.R.Render(w, r, status, "referral/outcome", web.Page{Title: title, Nav: "referrals", Data: d})
		return nil
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
			return err
		}
	}
	if ref.CanScreen {
		orgs, err := h.Svc.Organisations(ctx)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			d.Agencies = append(d.Agencies, choice.Option{Value: o.ID, Label: o.Name})
		}
	}
	h.R.Render(w, r, status, "referral/view", web.Page{Title: title, Nav: "screening", Data: d})
	return nil
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
