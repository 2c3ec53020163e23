package missing

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// AgendaFacts is what the daily multi-agency meeting needs to hear about
// missing children since the previous meeting (from) up to this one (to),
// as the signed-in user may see them.
type AgendaFacts struct {
	// Reported are the episodes that began since the previous meeting
	// (and were recorded before this one), the earliest first.
	Reported []Summary `json:"reported"`
	// StillMissing are the episodes open now that were recorded before
	// the meeting, the longest missing first.
	StillMissing []Summary `json:"still_missing"`
	// InterviewsDue are the returns with no return interview recorded that
	// came back since the previous meeting (the interview is due) or whose
	// interview fell due since then (it is now overdue), soonest due first.
	InterviewsDue []Summary `json:"interviews_due"`
}

// ForAgenda gathers the missing facts for a daily meeting covering the
// time from from to to, within the user's scope, as one view on the audit
// trail. Nothing that began, returned or fell due before from is
// included, except children still missing; nothing recorded after to is.
func (s *Service) ForAgenda(ctx context.Context, from, to time.Time) (AgendaFacts, error) {
	var f AgendaFacts
	u, err := auth.Actor(ctx)
	if err != nil {
		return f, err
	}
	if !access.MissingLists(u) {
		return f, errs.E(errs.Forbidden, "You do not have permission to see children missing from home and care")
	}
	if !from.Before(to) {
		return f, errs.E(errs.Invalid, "The start of the period must be before its end")
	}
	read := s.DB.Read()
	for _, part := range []struct {
		dst *[]Summary
		f   listFilter
	}{
		{&f.Reported, listFilter{StartFrom: from, StartBefore: to, RecordedBefore: to}},
		{&f.StillMissing, listFilter{Open: true, StartBefore: to, RecordedBefore: to}},
		{&f.InterviewsDue, listFilter{Ended: true, EndBefore: to, ReturnedOrDueFrom: from, ReturnedOrDueBefore: to,
			RecordedBefore: to, NoInterview: true, ByDue: true}},
	} {
		if *part.dst, err = summaries(ctx, read, u, part.f); err != nil {
			return f, errs.Wrap(err, "reading missing episodes for the agenda")
		}
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType + "-list",
			Detail: fmt.Sprintf("missing children for the daily meeting: %d reported, %d still missing, %d interviews due",
				len(f.Reported), len(f.StillMissing), len(f.InterviewsDue)),
			Shown: personIDs(f.Reported, f.StillMissing, f.InterviewsDue)})
	})
	if err != nil {
		return f, errs.Wrap(err, "recording the view")
	}
	return f, nil
}
