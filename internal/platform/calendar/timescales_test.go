package calendar_test

import (
	"testing"

	"mace/internal/platform/calendar"
	"mace/internal/platform/errs"
)

func TestTimescales(t *testing.T) {
	def := calendar.DefaultTimescales()
	want := calendar.Timescales{
		ReferralDecisionWorkingDays: 1, UrgentReferralDecisionHours: 4, StrategyDiscussionWorkingDays: 1, AssessmentWorkingDays: 5,
		ICPCWorkingDays: 15, ReturnInterviewHours: 72, ReviewWeeks: 12, ReasonableGroundsWorkingDays: 5,
		ConclusiveGroundsMinDays: 30, RepeatMissingEpisodes: 3, RepeatMissingDays: 30,
	}
	if def != want {
		t.Fatalf("defaults %+v", def)
	}
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := def
	bad.ReturnInterviewHours = 0
	bad.RepeatMissingDays = -3
	err := bad.Validate()
	fields := errs.Fields(err)
	if !errs.Is(err, errs.Invalid) || len(fields) != 2 ||
		fields[0].Field != "return_interview_hours" ||
		fields[0].Message != "Enter the hours for a return home interview as a whole number above 0" ||
		fields[1].Field != "repeat_missing_days" {
		t.Fatalf("%v %+v", err, fields)
	}
	if len(errs.Fields(calendar.Timescales{}.Validate())) != 11 {
		t.Error("every timescale of the zero value should be refused")
	}
}
