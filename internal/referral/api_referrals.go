package referral

import (
	"net/http"
	"strconv"
	"time"

	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The JSON API for referrals, under /api/v1/referrals.

// apiFields maps the form's field names to where the field is in the JSON
// body, so an API error names the field the caller sent.
var apiFields = map[string]string{
	"given_names": "child.given_names", "family_name": "child.family_name", "known_as": "child.known_as",
	"street_names": "child.street_names", "date_of_birth": "child.date_of_birth", "approximate_age": "child.approximate_age",
	"gender": "child.gender", "ethnicity": "child.ethnicity", "address_line": "child.address_line", "town": "child.town",
	"postcode": "child.postcode", "school": "child.school", "phones": "child.phones", "online_accounts": "child.online_accounts",
	"nhs_number": "child.nhs_number", "referrer_name": "referrer.name", "referrer_role": "referrer.role",
	"referrer_phone": "referrer.phone", "referrer_email": "referrer.email",
}

func apiError(err error) error {
	fields := errs.Fields(err)
	if len(fields) == 0 {
		return err
	}
	var v errs.Validation
	for _, f := range fields {
		name := f.Field
		if p, ok := apiFields[name]; ok {
			name = p
		}
		v.Add(name, f.Message)
	}
	return v.Err()
}

// apiOutcome is what the referrer's own view shows of a decision.
type apiOutcome struct {
	Outcome   string    `json:"outcome"`
	DecidedAt time.Time `json:"decided_at"`
	Feedback  string    `json:"referrer_feedback"`
}

type apiReferrerView struct {
	ID            string      `json:"id"`
	Reference     string      `json:"reference"`
	State         string      `json:"state"`
	ReceivedAt    time.Time   `json:"received_at"`
	DecisionDueAt time.Time   `json:"decision_due_at"`
	Sent          Input       `json:"sent"`
	Outcome       *apiOutcome `json:"outcome,omitempty"`
}

// apiHiddenView is a referral about a young person whose record the caller
// may not see in full: that it exists, and where it is in screening.
type apiHiddenView struct {
	ID            string    `json:"id"`
	Reference     string    `json:"reference"`
	State         string    `json:"state"`
	ReceivedAt    time.Time `json:"received_at"`
	DecisionDueAt time.Time `json:"decision_due_at"`
	Hidden        bool      `json:"hidden"`
}

// apiView is a referral as the caller may see it.
func apiView(r *Referral) any {
	if r.Hidden {
		return apiHiddenView{ID: r.ID, Reference: r.Reference, State: r.State, ReceivedAt: r.ReceivedAt,
			DecisionDueAt: r.DecisionDueAt, Hidden: true}
	}
	if !r.OutcomeOnly {
		return r
	}
	v := apiReferrerView{ID: r.ID, Reference: r.Reference, State: r.State, ReceivedAt: r.ReceivedAt,
		DecisionDueAt: r.DecisionDueAt, Sent: r.Input}
	if r.State == Decided && r.Decision != nil {
		v.Outcome = &apiOutcome{Outcome: r.Decision.Outcome, DecidedAt: r.Decision.DecidedAt, Feedback: r.Decision.Feedback}
	}
	return v
}

// APISubmit answers POST /api/v1/referrals. A retry with the same
// Idempotency-Key header returns the first request's referral.
func (h *Handlers) APISubmit(w http.ResponseWriter, r *http.Request) error {
	return web.Create(w, r, func(r *http.Request, in Input, key string) (*Referral, error) {
		ref, err := h.Svc.Submit(r.Context(), in, key)
		if err != nil {
			return nil, apiError(err)
		}
		return ref, nil
	}, func(ref *Referral) string { return "/api/v1/referrals/" + ref.ID }, apiView)
}

// APIGet answers GET /api/v1/referrals/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	ref, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiView(ref))
	return nil
}

// APIMine answers GET /api/v1/referrals?limit=&cursor=: the caller's own
// referrals, newest first, a page at a time.
func (h *Handlers) APIMine(w http.ResponseWriter, r *http.Request) error {
	limit, err := page.Limit(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := h.Svc.MinePage(r.Context(), ListQuery{After: r.URL.Query().Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	out := []any{}
	for _, ref := range l.Referrals {
		out = append(out, apiView(ref))
	}
	body := map[string]any{"referrals": out, "limit": l.Limit}
	if l.Next != "" {
		body["next_cursor"] = l.Next
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

// APIMatches answers GET /api/v1/referrals/{id}/matches.
func (h *Handlers) APIMatches(w http.ResponseWriter, r *http.Request) error {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	_, cs, err := h.Svc.Matches(r.Context(), r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []Candidate{}
	}
	web.JSON(w, http.StatusOK, cs)
	return nil
}

// APIScreening answers POST /api/v1/referrals/{id}/screening.
func (h *Handlers) APIScreening(w http.ResponseWriter, r *http.Request) error {
	var in ScreeningInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	ref, err := h.Svc.Screen(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiView(ref))
	return nil
}
