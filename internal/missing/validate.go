package missing

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/concern"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// problems gathers field problems and the rule errors found with them.
type problems struct {
	v     errs.Validation
	rules []error
}

func (p *problems) rule(r *errs.Error) {
	for _, f := range r.Fields {
		if !p.v.Has(f.Field) {
			p.v.Add(f.Field, f.Message)
		}
	}
	p.rules = append(p.rules, r)
}

// err is nil, the one rule error alone, or an Invalid error listing every
// problem that wraps each rule error found.
func (p *problems) err() error {
	fields := errs.Fields(p.v.Err())
	switch {
	case len(fields) == 0:
		return nil
	case len(p.rules) == 1 && len(fields) == len(errs.Fields(p.rules[0])):
		return p.rules[0]
	}
	return &errs.Error{Kind: errs.Invalid, Message: "There is a problem", Fields: fields, Err: errors.Join(p.rules...)}
}

// minute is t in UTC to the minute, as episodes keep times.
func minute(t time.Time) time.Time { return t.UTC().Truncate(time.Minute) }

// Validate checks and normalises in, reporting every problem in the order
// of the form. now is the current time; dob is the young person's date of
// birth (zero when not known); isForce says whether an id names a police
// force.
func (in *Input) Validate(now time.Time, dob civil.Date, isForce func(string) bool) error {
	var p problems
	in.PersonID = strings.TrimSpace(in.PersonID)
	if !db.ValidID(in.PersonID) {
		p.v.Add("person_id", "Select the young person who went missing")
	}
	if !Types.Has(in.Type) {
		p.v.Add("type", "Select whether the young person was missing or away without authorisation")
	}
	latest := now.Add(5 * time.Minute)
	switch {
	case in.StartProblem != "":
		p.v.Add("start_at", in.StartProblem)
	case in.StartAt.IsZero():
		p.v.Add("start_at", "Enter the date and time the young person went missing")
	case in.StartAt.After(latest):
		p.v.Add("start_at", "The date and time they went missing must be now or in the past")
	case in.StartAt.Year() < 2000:
		p.v.Add("start_at", "The date they went missing must be in 2000 or later")
	case !dob.IsZero() && calendar.LondonDate(in.StartAt).Before(dob):
		p.rule(ErrStartBeforeBirth)
	}
	in.StartAt = minute(in.StartAt)
	switch {
	case in.EndProblem != "":
		p.v.Add("end_at", in.EndProblem)
	case in.EndAt == nil || in.EndAt.IsZero():
		in.EndAt = nil
	case in.EndAt.After(latest):
		p.v.Add("end_at", "The date and time they were found or returned must be now or in the past")
	default:
		end := minute(*in.EndAt)
		in.EndAt = &end
		if !p.v.Has("start_at") && !end.After(in.StartAt) {
			p.rule(ErrEndBeforeStart)
		}
	}
	in.ReportedBy = text.OneLine(in.ReportedBy)
	switch {
	case in.ReportedBy == "":
		p.v.Add("reported_by", "Enter who reported the young person missing, such as their carer or the police")
	case text.TooLong(in.ReportedBy, MaxShort):
		p.v.Add("reported_by", text.Limit("Who reported it", MaxShort))
	}
	in.PoliceOrgID = strings.TrimSpace(in.PoliceOrgID)
	in.PoliceReference = strings.ToUpper(text.OneLine(in.PoliceReference))
	if in.PoliceOrgID != "" && !isForce(in.PoliceOrgID) {
		p.v.Add("police_organisation_id", "Select a police force from the list")
	}
	switch {
	case text.TooLong(in.PoliceReference, MaxReference):
		p.v.Add("police_reference", text.Limit("The police reference", MaxReference))
	case in.PoliceReference != "" && in.PoliceOrgID == "":
		p.v.Add("police_organisation_id", "Select the police force whose reference this is")
	}
	if !Gradings.Has(in.RiskGrading) {
		p.v.Add("risk_grading", "Select the police risk grading")
	}
	in.FoundPlace = cleanPlace(&p.v, "found_place", in.FoundPlace)
	if in.EndAt == nil && (in.FoundPlace != Place{}) {
		p.v.Add("found_place", "Enter when the young person was found or returned, or leave where they were found blank")
	}
	in.FoundWith = cleanPeople(&p.v, "found_with", in.FoundWith)
	if in.EndAt == nil && len(in.FoundWith) > 0 && !p.v.Has("found_with") {
		p.v.Add("found_with", "Enter when the young person was found or returned, or leave who they were with blank")
	}
	return p.err()
}

func cleanPlace(v *errs.Validation, field string, pl Place) Place {
	pl.Description, pl.Postcode = text.OneLine(pl.Description), strings.ToUpper(text.OneLine(pl.Postcode))
	switch {
	case text.TooLong(pl.Description, MaxShort):
		v.Add(field, text.Limit("Where they were found", MaxShort))
	case text.TooLong(pl.Postcode, MaxPostcode):
		v.Add(field+"_postcode", "Enter a postcode like LS1 4AP")
	case pl.Postcode != "" && pl.Description == "":
		v.Add(field, "Describe the place as well as its postcode")
	}
	return pl
}

func cleanPeople(v *errs.Validation, field string, list []Associate) []Associate {
	var out []Associate
	for _, a := range list {
		a.Name, a.Description = text.OneLine(a.Name), text.OneLine(a.Description)
		if a.Name == "" && a.Description == "" {
			continue
		}
		switch {
		case a.Name == "":
			a.Name = "Not known"
		case text.TooLong(a.Name, MaxShort) || text.TooLong(a.Description, MaxShort):
			if !v.Has(field) {
				v.Add(field, text.Limit("Each name and description", MaxShort))
			}
		}
		out = append(out, a)
	}
	if len(out) > MaxPeople && !v.Has(field) {
		v.Add(field, fmt.Sprintf("Enter %d people or fewer", MaxPeople))
	}
	return out
}

func cleanPlaces(v *errs.Validation, field string, list []Place) []Place {
	var out []Place
	for _, pl := range list {
		pl = cleanPlace(v, field, pl)
		if pl != (Place{}) {
			out = append(out, pl)
		}
	}
	if len(out) > MaxPeople && !v.Has(field) {
		v.Add(field, fmt.Sprintf("Enter %d places or fewer", MaxPeople))
	}
	return out
}

// validate checks and normalises an interview of an episode that ended at
// end, at time now.
func (in *InterviewInput) validate(now, end time.Time) error {
	var v errs.Validation
	latest := now.Add(5 * time.Minute)
	switch {
	case in.OfferedProblem != "":
		v.Add("offered_at", in.OfferedProblem)
	case in.OfferedAt.IsZero():
		v.Add("offered_at", "Enter the date and time the interview was offered")
	case in.OfferedAt.After(latest):
		v.Add("offered_at", "The date and time of the offer must be now or in the past")
	case in.OfferedAt.Before(end.Add(-time.Minute)):
		v.Add("offered_at", "The interview must be offered after the young person was found or returned")
	}
	in.OfferedAt = minute(in.OfferedAt)
	in.OfferedBy, in.OfferedService = text.OneLine(in.OfferedBy), text.OneLine(in.OfferedService)
	switch {
	case in.OfferedBy == "":
		v.Add("offered_by", "Enter the name of the worker who offered the interview")
	case text.TooLong(in.OfferedBy, MaxShort):
		v.Add("offered_by", text.Limit("The worker’s name", MaxShort))
	}
	switch {
	case in.OfferedService == "":
		v.Add("offered_service", "Enter the service that offered the interview")
	case text.TooLong(in.OfferedService, MaxShort):
		v.Add("offered_service", text.Limit("The service’s name", MaxShort))
	}
	if in.Outcome != "" && !Outcomes.Has(in.Outcome) {
		v.Add("outcome", "Select whether the young person accepted or declined the interview")
	}
	switch {
	case in.HeldProblem != "":
		v.Add("held_at", in.HeldProblem)
	case in.HeldAt.IsZero():
	case in.Outcome != Accepted:
		v.Add("held_at", "Only enter when the interview was held if the young person accepted it")
	case in.HeldAt.After(latest):
		v.Add("held_at", "The date and time the interview was held must be now or in the past")
	case in.HeldAt.Before(in.OfferedAt):
		v.Add("held_at", "The interview must be held after it was offered")
	}
	if !in.HeldAt.IsZero() {
		in.HeldAt = minute(in.HeldAt)
	}
	in.Places = cleanPlaces(&v, "places", in.Places)
	in.With = cleanPeople(&v, "with", in.With)
	for _, f := range []struct {
		field, what string
		s           *string
	}{
		{"push_factors", "Push factors", &in.PushFactors},
		{"pull_factors", "Pull factors", &in.PullFactors},
		{"exploitation_indicators", "Exploitation indicators", &in.Indicators},
		{"disclosures", "Disclosures", &in.Disclosures},
	} {
		*f.s = text.Clean(*f.s)
		if text.TooLong(*f.s, MaxText) {
			v.Add(f.field, text.Limit(f.what, MaxText))
		}
	}
	var concerns []string
	for _, c := range in.Concerns {
		switch {
		case !concern.Valid(c):
			if !v.Has("exploitation_concerns") {
				v.Add("exploitation_concerns", "Select the kinds of exploitation from the list")
			}
		case !slices.Contains(concerns, c):
			concerns = append(concerns, c)
		}
	}
	slices.SortFunc(concerns, func(a, b string) int { return concernIndex(a) - concernIndex(b) })
	in.Concerns = concerns
	var follow []string
	for _, f := range in.FollowUps {
		f = text.OneLine(f)
		switch {
		case f == "":
		case text.TooLong(f, MaxShort):
			if !v.Has("follow_up_actions") {
				v.Add("follow_up_actions", text.Limit("Each follow-up action", MaxShort))
			}
		case !slices.Contains(follow, f):
			follow = append(follow, f)
		}
	}
	if len(follow) > MaxPeople && !v.Has("follow_up_actions") {
		v.Add("follow_up_actions", fmt.Sprintf("Enter %d follow-up actions or fewer", MaxPeople))
	}
	in.FollowUps = follow
	return v.Err()
}

func concernIndex(code string) int {
	return slices.IndexFunc(concern.Types, func(t concern.Type) bool { return t.Code == code })
}
