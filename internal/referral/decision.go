package referral

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
	"mace/internal/task"
)

// The screening decision, a manager's sign-off of no further action, and
// what a final decision leads to.

// Decide records the screening decision. A decision of no further action
// waits for a manager's sign-off; any other outcome is final at once: the
// decision task is done, the next tasks are made and the referrer is told.
func (s *Service) Decide(ctx context.Context, id string, in DecisionInput) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.validate(s.Settings); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.screen(ctx, tx, u, id, in.Version)
		if err != nil {
			return err
		}
		return s.decideTx(ctx, tx, u, r, in)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the decision")
	}
	return s.Get(ctx, id)
}

func (s *Service) decideTx(ctx context.Context, tx *sql.Tx, u *auth.User, r *Referral, in DecisionInput) error {
	now := s.now()
	if r.PersonID == "" {
		return errs.FieldErr("person_id", "Link the referral to the young person’s record, or create one, before deciding")
	}
	state := Decided
	if in.Outcome == NoFurtherAction && r.IsExploitation() {
		state = AwaitingSignOff
	}
	d := &Decision{NeedLevel: in.NeedLevel, Outcome: in.Outcome, RiskLevel: in.RiskLevel,
		Rationale: in.Rationale, Feedback: in.Feedback, DecidedBy: u.ID, DecidedAt: now}
	ok, err := setDecision(ctx, tx, r.ID, r.Version, state, d)
	if err != nil {
		return err
	}
	if !ok {
		return errStale
	}
	r.Version++
	r.State, r.Decision = state, d
	if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: r.ID,
		PersonID: r.PersonID, Detail: fmt.Sprintf("decided: level %d, %s, risk %s", in.NeedLevel, in.Outcome, in.RiskLevel)}); err != nil {
		return err
	}
	if _, err := s.Tasks.StepDoneTx(ctx, tx, TaskDecision, r.ID); err != nil {
		return err
	}
	if state == AwaitingSignOff {
		owner, err := task.DefaultOwner(ctx, s.Directory, r.AuthorityID, auth.Manager)
		if err != nil {
			return errs.Wrap(err, "finding a manager to sign off")
		}
		cal, err := s.Calendar.Calendar(ctx)
		if err != nil {
			return err
		}
		_, _, err = s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskSignOff,
			Title: "Sign off the decision of no further action on referral " + r.Reference, RecordType: RecordType,
			RecordID: r.ID, PersonID: r.PersonID, Owner: owner, OrganisationID: r.AuthorityID,
			DueAt: cal.DueAtEndOfWorkingDay(now, 1), DedupeKey: signOffKey(r)})
		return err
	}
	return s.finish(ctx, tx, r, now)
}

// SignOff is a manager's answer to a decision of no further action:
// agreed, it is final; not agreed, the referral goes back to screening with
// the manager's note.
func (s *Service) SignOff(ctx context.Context, id string, agree bool, note string) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	note = squash(note)
	switch {
	case !agree && note == "":
		return nil, errs.FieldErr("sign_off_note", "Say why you do not agree, so the screener can reconsider")
	case text.TooLong(note, MaxRationale):
		return nil, errs.FieldErr("sign_off_note", fmt.Sprintf("The note must be %d characters or fewer", MaxRationale))
	}
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.load(ctx, tx, u, id)
		if err != nil {
			return err
		}
		switch {
		case r.Hidden:
			return errRestricted
		case r.State != AwaitingSignOff:
			return errs.E(errs.Conflict, "This referral is not waiting for a sign-off")
		case !r.CanSignOff:
			return errs.E(errs.Forbidden, "Only a manager of the receiving authority, other than the person who decided, can sign this off")
		}
		state, detail := Decided, "no further action signed off"
		if !agree {
			state, detail = AwaitingScreening, "no further action not agreed: back to screening"
		}
		// Two managers answering at once: the first answer stands.
		ok, err := setSignOff(ctx, tx, r.ID, r.Version, state, u.ID, now, note)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "Someone else answered this sign-off while you were working on it: check the referral again")
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: r.ID,
			PersonID: r.PersonID, Detail: detail}); err != nil {
			return err
		}
		if _, err := s.Tasks.StepDoneForTx(ctx, tx, r.AuthorityID, TaskSignOff, signOffKey(r)); err != nil {
			return err
		}
		if !agree {
			// The decision task was done when the screener decided; it is open again.
			_, err := s.Tasks.ReopenTx(ctx, tx, TaskDecision, r.ID)
			return err
		}
		r.State = Decided
		return s.finish(ctx, tx, r, now)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the sign-off")
	}
	return s.Get(ctx, id)
}

// signOffKey names the sign-off task of a referral's decision: one for
// each decision, as a decision sent back and made again needs another.
func signOffKey(r *Referral) string {
	return r.ID + ":" + r.Decision.DecidedAt.UTC().Format(time.RFC3339Nano)
}

// nextStep is the task an outcome leads to: who does it, what it is called
// and how many working days it has.
type nextStep struct {
	role  auth.Role
	title string
	days  int
}

func (s *Service) nextSteps(outcome string) []nextStep {
	ts := timescales(s.Timescales)
	switch outcome {
	case Strategy:
		return []nextStep{{auth.Lead, "Hold a strategy discussion", ts.StrategyDiscussionWorkingDays}}
	case Assessment:
		return []nextStep{{auth.Lead, "Arrange the initial exploitation assessment at the next daily meeting", 1}}
	case EarlyHelp:
		return []nextStep{{auth.Screener, "Pass the referral to Early Help", ts.ReferralDecisionWorkingDays}}
	case Locality:
		return []nextStep{{auth.Screener, "Pass the referral to locality social work", ts.ReferralDecisionWorkingDays}}
	case Allocated:
		return []nextStep{{auth.Screener, "Pass the referral to the allocated worker", ts.ReferralDecisionWorkingDays}}
	}
	return nil
}

// finish makes a final decision's next tasks and tells the referrer.
func (s *Service) finish(ctx context.Context, tx *sql.Tx, r *Referral, now time.Time) error {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	for _, n := range s.nextSteps(r.Decision.Outcome) {
		owner, err := task.DefaultOwner(ctx, s.Directory, r.AuthorityID, n.role)
		if err != nil {
			return errs.Wrap(err, "finding who takes the next step")
		}
		if _, _, err := s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskNext, Title: n.title + " (referral " + r.Reference + ")",
			RecordType: RecordType, RecordID: r.ID, PersonID: r.PersonID, Owner: owner, OrganisationID: r.AuthorityID,
			DueAt: cal.DueAtEndOfWorkingDay(now, n.days), DedupeKey: r.ID + ":" + r.Decision.Outcome}); err != nil {
			return err
		}
	}
	if s.Notify == nil {
		return nil
	}
	email := r.Referrer.Email
	if email == "" {
		if ref, err := s.Directory.GetUser(ctx, r.CreatedBy); err == nil {
			email = ref.Email
		}
	}
	return s.Notify.NotifyTx(ctx, tx, Notice{UserID: r.CreatedBy, Email: email,
		Title: "Referral " + r.Reference + ": " + OutcomeLabel(r.Decision.Outcome),
		Body: fmt.Sprintf("The front door has decided your referral %s, made on %s.\n\nOutcome: %s.\n\n%s",
			r.Reference, r.ReceivedAt.In(civil.London).Format("2 January 2006"), OutcomeLabel(r.Decision.Outcome), r.Decision.Feedback),
		Link: "/referrals/" + r.ID})
}
