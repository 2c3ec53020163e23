package calendar

import (
	"fmt"

	"mace/internal/platform/errs"
)

// Timescales are the limits a partnership sets for each step. Each is a
// whole number in the unit its name says: working days (skipping weekends
// and bank holidays), clock hours (elapsed time, see AddClockHours), weeks
// or calendar days.
type Timescales struct {
	// A referral's screening decision.
	ReferralDecisionWorkingDays int `json:"referral_decision_working_days"`
	// An urgent referral's decision, in clock hours: an urgent concern does
	// not wait for Monday.
	UrgentReferralDecisionHours int `json:"urgent_referral_decision_hours"`
	// A strategy discussion, from the screening decision that calls for one.
	StrategyDiscussionWorkingDays int `json:"strategy_discussion_working_days"`
	// An initial exploitation assessment, from the daily meeting.
	AssessmentWorkingDays int `json:"assessment_working_days"`
	// An initial child protection conference, from the strategy discussion
	// that started the section 47 enquiry.
	ICPCWorkingDays int `json:"icpc_working_days"`
	// A return home interview offered, from the child's return.
	ReturnInterviewHours int `json:"return_interview_hours"`
	// Between reviews of an exploitation risk assessment.
	ReviewWeeks int `json:"review_weeks"`
	// A National Referral Mechanism reasonable grounds decision.
	ReasonableGroundsWorkingDays int `json:"reasonable_grounds_working_days"`
	// The least time, in calendar days, from reasonable grounds to a
	// conclusive grounds decision.
	ConclusiveGroundsMinDays int `json:"conclusive_grounds_min_days"`
	// Repeat missing: this many episodes within RepeatMissingDays calendar
	// days triggers a strategy discussion.
	RepeatMissingEpisodes int `json:"repeat_missing_episodes"`
	RepeatMissingDays     int `json:"repeat_missing_days"`
}

// DefaultTimescales are the national and common defaults: a referral
// decision in 1 working day (Working Together 2023), 4 clock hours for an
// urgent one (a local choice: decided the same working day), a strategy
// discussion within 1 working day of the decision that calls for one (a
// local choice: Working Together asks for one promptly), an assessment
// in 5 working days, an initial child protection conference in 15 working
// days, a return interview in 72 hours, reviews every 12 weeks, a
// reasonable grounds decision in 5 working days, conclusive grounds after
// at least 30 days, and repeat missing at 3 episodes in 30 days.
func DefaultTimescales() Timescales {
	return Timescales{
		ReferralDecisionWorkingDays:   1,
		UrgentReferralDecisionHours:   4,
		StrategyDiscussionWorkingDays: 1,
		AssessmentWorkingDays:         5,
		ICPCWorkingDays:               15,
		ReturnInterviewHours:          72,
		ReviewWeeks:                   12,
		ReasonableGroundsWorkingDays:  5,
		ConclusiveGroundsMinDays:      30,
		RepeatMissingEpisodes:         3,
		RepeatMissingDays:             30,
	}
}

// Validate checks that every timescale is a whole number above 0, naming
// each that is not by its snake_case field.
func (t Timescales) Validate() error {
	var v errs.Validation
	for _, f := range []struct {
		field, what string
		n           int
	}{
		{"referral_decision_working_days", "working days for a referral decision", t.ReferralDecisionWorkingDays},
		{"urgent_referral_decision_hours", "hours for an urgent referral decision", t.UrgentReferralDecisionHours},
		{"strategy_discussion_working_days", "working days for a strategy discussion", t.StrategyDiscussionWorkingDays},
		{"assessment_working_days", "working days for an assessment", t.AssessmentWorkingDays},
		{"icpc_working_days", "working days for an initial child protection conference", t.ICPCWorkingDays},
		{"return_interview_hours", "hours for a return home interview", t.ReturnInterviewHours},
		{"review_weeks", "weeks between reviews", t.ReviewWeeks},
		{"reasonable_grounds_working_days", "working days for a reasonable grounds decision", t.ReasonableGroundsWorkingDays},
		{"conclusive_grounds_min_days", "days before a conclusive grounds decision", t.ConclusiveGroundsMinDays},
		{"repeat_missing_episodes", "missing episodes that count as repeat missing", t.RepeatMissingEpisodes},
		{"repeat_missing_days", "days in which repeat missing episodes are counted", t.RepeatMissingDays},
	} {
		if f.n <= 0 {
			v.Add(f.field, fmt.Sprintf("Enter the %s as a whole number above 0", f.what))
		}
	}
	return v.Err()
}
