package missing

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mace/internal/concern"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the missing pages use.
var TemplateFuncs = template.FuncMap{
	"typeLabel":    TypeLabel,
	"gradingLabel": GradingLabel,
	"outcomeLabel": OutcomeLabel,
	"concernLabel": concern.Label,
	"duration":     Duration,
	"paragraphs": func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	},
	"gradingTag": func(code string) string {
		return map[string]string{NoApparentRisk: "grey", LowRisk: "blue", MediumRisk: "yellow", HighRisk: "red"}[code]
	},
	"since": func(t, now time.Time) string { return Duration(now.Sub(t)) },
}

// Duration says how long in plain words: "3 days 4 hours", "45 minutes".
func Duration(d time.Duration) string {
	if d < time.Minute {
		return "less than a minute"
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	unit := func(n int, one string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, one))
		}
	}
	unit(days, "day")
	unit(hours, "hour")
	if days == 0 {
		unit(mins, "minute")
	}
	return strings.Join(parts, " ")
}

// Handlers serve the missing pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}

// Subject is the young person a form or page is about.
type Subject struct {
	ID, Name  string
	CanReport bool // may report an episode
}

// Subject reads the young person personID for a form about them, and
// records the view.
func (s *Service) Subject(ctx context.Context, personID string) (*Subject, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var sub *Subject
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.person(ctx, tx, u, personID)
		if err != nil {
			return errNotFoundPerson
		}
		sub = &Subject{ID: p.ID, Name: p.Name, CanReport: access.RecordMissing(u, p.Record)}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "person", RecordID: p.ID,
			PersonID: p.ID, Detail: "name, for a missing episode"})
	})
	return sub, err
}

// episodeForm is what the episode form needs besides the form.
type episodeForm struct {
	Subject  *Subject
	Episode  *Episode // nil when reporting a new one
	Types    []choice.Option
	Gradings []choice.Option
	Forces   []choice.Option
	Police   bool // the user is a police officer: the force is theirs
}

// inputFromForm reads the episode form into an Input.
func inputFromForm(f *web.Form) Input {
	in := Input{PersonID: f.Get("person_id"), Type: f.Get("type"), ReportedBy: f.Get("reported_by"),
		PoliceOrgID: f.Get("police_organisation_id"), PoliceReference: f.Get("police_reference"),
		RiskGrading: f.Get("risk_grading"), LookedAfter: f.Get("looked_after") == "yes",
		FoundPlace: Place{Description: f.Get("found_place"), Postcode: f.Get("found_place_postcode")},
		FoundWith:  ParseAssociates(f.Values.Get("found_with"))}
	in.StartAt, in.StartProblem = formWhen(f, "start_at", "they went missing")
	if in.StartAt.IsZero() && in.StartProblem == "" {
		in.StartProblem = "Enter the date and time the young person went missing"
	}
	end, problem := formWhen(f, "end_at", "they were found or returned")
	if !end.IsZero() {
		in.EndAt = &end
	}
	in.EndProblem = problem
	if v := f.Get("version"); v != "" {
		in.Version, _ = strconv.Atoi(v)
	}
	return in
}

// episodeFormOf fills the form from a stored episode.
func episodeFormOf(e *Episode) *web.Form {
	f := web.NewForm(nil)
	v := f.Values
	v.Set("person_id", e.PersonID)
	v.Set("type", e.Type)
	setWhen(f, "start_at", e.StartAt)
	setWhen(f, "end_at", e.EndAt)
	v.Set("reported_by", e.ReportedBy)
	v.Set("police_organisation_id", e.PoliceOrgID)
	v.Set("police_reference", e.PoliceReference)
	v.Set("risk_grading", e.RiskGrading)
	v.Set("looked_after", map[bool]string{true: "yes", false: "no"}[e.LookedAfter])
	v.Set("found_place", e.FoundPlace.Description)
	v.Set("found_place_postcode", e.FoundPlace.Postcode)
	v.Set("found_with", FormatAssociates(e.FoundWith))
	v.Set("version", strconv.Itoa(e.Version))
	return f
}

// newEpisodeForm is an empty form for personID.
func newEpisodeForm(personID string) *web.Form {
	return web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "person_id": {personID}})
}

// interviewForm is what the return interview form needs besides the form.
type interviewForm struct {
	Episode  *Episode
	Outcomes []choice.Option
	Concerns []choice.Option
	Due      time.Time
}

// interviewFromForm reads the return interview form.
func interviewFromForm(f *web.Form) InterviewInput {
	in := InterviewInput{OfferedBy: f.Get("offered_by"), OfferedService: f.Get("offered_service"),
		Outcome: f.Get("outcome"), Places: ParsePlaces(f.Values.Get("places")), With: ParseAssociates(f.Values.Get("with")),
		PushFactors: f.Values.Get("push_factors"), PullFactors: f.Values.Get("pull_factors"),
		Concerns: f.All("exploitation_concerns"), Indicators: f.Values.Get("exploitation_indicators"),
		Disclosures: f.Values.Get("disclosures"), SharedWithPolice: f.Get("shared_with_police") == "yes",
		FollowUps: f.Lines("follow_up_actions")}
	in.OfferedAt, in.OfferedProblem = formWhen(f, "offered_at", "the interview was offered")
	in.HeldAt, in.HeldProblem = formWhen(f, "held_at", "the interview was held")
	if v := f.Get("version"); v != "" {
		in.Version, _ = strconv.Atoi(v)
	}
	return in
}

// interviewFormOf fills the form from a recorded interview, or for a new
// one offered by the user now.
func interviewFormOf(iv *Interview, userName string, now time.Time) *web.Form {
	f := web.NewForm(nil)
	v := f.Values
	if iv == nil {
		v.Set("offered_by", userName)
		setWhen(f, "offered_at", now)
		return f
	}
	setWhen(f, "offered_at", iv.OfferedAt)
	v.Set("offered_by", iv.OfferedBy)
	v.Set("offered_service", iv.OfferedService)
	v.Set("outcome", iv.Outcome)
	setWhen(f, "held_at", iv.HeldAt)
	v.Set("places", FormatPlaces(iv.Places))
	v.Set("with", FormatAssociates(iv.With))
	v.Set("push_factors", iv.PushFactors)
	v.Set("pull_factors", iv.PullFactors)
	v["exploitation_concerns"] = iv.Concerns
	v.Set("exploitation_indicators", iv.Indicators)
	v.Set("disclosures", iv.Disclosures)
	v.Set("shared_with_police", map[bool]string{true: "yes", false: "no"}[iv.SharedWithPolice])
	v.Set("follow_up_actions", strings.Join(iv.FollowUps, "\n"))
	v.Set("version", strconv.Itoa(iv.Version))
	return f
}

var errNotFoundPerson = errs.E(errs.NotFound, "There is no such person record")

// The JSON API for missing episodes, under /api/v1.

// apiEpisode is an episode with the return interview's offered and
// accepted codes (Y, N or NA) as the returns report them.
type apiEpisode struct {
	*Episode
	Offered  string `json:"return_interview_offered"`
	Accepted string `json:"return_interview_accepted"`
}

func toAPI(e *Episode) apiEpisode {
	return apiEpisode{Episode: e, Offered: e.OfferedCode(), Accepted: e.AcceptedCode()}
}
