package meeting

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/task"
)

// Arranging the initial exploitation assessment from an agenda item: the
// date (within the configured working days of the meeting), the time, the
// place or "online", the social worker who holds it and who is invited.
// The arrangement, the social worker's task, the audit event and an email
// with a calendar invitation for each invitee are saved in one
// transaction. Re-arranging changes the same arrangement: the task moves
// and each invitee gets the invitation again with a higher sequence.

// TaskAssessment is the kind of the social worker's task to hold the
// assessment.
const TaskAssessment = "exploitation-assessment"

// AssessmentRecordType names arrangements on their tasks.
const AssessmentRecordType = "meeting-assessment"

// Limits on an arrangement.
const (
	MaxPlace        = 200
	MaxInvitees     = 40
	DefaultMinutes  = 60
	MaxMinutes      = 8 * 60
	assessmentIntro = "Initial exploitation assessment"
)

// ArrangeInput is an arrangement as a form or the API sends it.
type ArrangeInput struct {
	Date            string         `json:"date"` // YYYY-MM-DD
	Time            string         `json:"time"` // HH:MM in London
	DurationMinutes int            `json:"duration_minutes,omitempty"`
	Place           string         `json:"place,omitempty"`
	Online          bool           `json:"online,omitempty"`
	WorkerID        string         `json:"social_worker_id"`
	Invitees        []InviteeInput `json:"invitees"`
	// IdempotencyKey makes a retried request (a double submit, an API
	// retry) change nothing and send nothing again.
	IdempotencyKey string `json:"-"`
}

// InviteeInput is a user of any organisation, or a name and an email
// address of a partner agency's worker.
type InviteeInput struct {
	UserID string `json:"user_id,omitempty"`
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
}

// Invitee is someone invited to an assessment.
type Invitee struct {
	UserID         string `json:"user_id,omitempty"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	OrganisationID string `json:"organisation_id,omitempty"`
}

// Assessment is an initial exploitation assessment arranged from an item.
type Assessment struct {
	ID         string     `json:"id"`
	MeetingID  string     `json:"meeting_id"`
	ItemID     string     `json:"item_id"`
	PersonID   string     `json:"person_id"`
	OwnerOrgID string     `json:"local_authority_id"`
	Date       civil.Date `json:"date"`
	Time       string     `json:"time"`
	StartAt    time.Time  `json:"start_at"`
	EndAt      time.Time  `json:"end_at"`
	Place      string     `json:"place"`
	Online     bool       `json:"online"`
	WorkerID   string     `json:"social_worker_id"`
	WorkerName string     `json:"social_worker"`
	Invitees   []Invitee  `json:"invitees"`
	// Sequence counts the versions of the invitation: 0 when first sent.
	Sequence  int       `json:"sequence"`
	TaskID    string    `json:"task_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Latest is the latest date allowed for a meeting's assessments.
type Latest struct {
	MeetingID   string     `json:"meeting_id"`
	MeetingDate civil.Date `json:"meeting_date"`
	WorkingDays int        `json:"working_days"`
	LatestDate  civil.Date `json:"latest_date"`
}

func (s *Service) assessmentDays() int {
	if n := s.Timescales.AssessmentWorkingDays; n > 0 {
		return n
	}
	return calendar.DefaultTimescales().AssessmentWorkingDays
}

// LatestAssessmentDate is the latest date an assessment arranged at m may
// be held: the configured number of working days after the meeting's date,
// weekends and bank holidays skipped.
func (s *Service) LatestAssessmentDate(ctx context.Context, m *Meeting) (civil.Date, error) {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return civil.Date{}, errs.Wrap(err, "reading the calendar")
	}
	return cal.AddWorkingDays(m.Date, s.assessmentDays()), nil
}

// AssessmentLatest is the latest date allowed for the assessments arranged
// at a meeting the signed-in user may see, for a form to show.
func (s *Service) AssessmentLatest(ctx context.Context, meetingID string) (*Latest, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := read(ctx, s.DB.Read(), u, meetingID)
	if err != nil {
		return nil, err
	}
	d, err := s.LatestAssessmentDate(ctx, m)
	if err != nil {
		return nil, err
	}
	return &Latest{MeetingID: m.ID, MeetingDate: m.Date, WorkingDays: s.assessmentDays(), LatestDate: d}, nil
}

// longDay is a date as "Monday 30 November 2026".
func longDay(d civil.Date) string {
	return d.Time(time.UTC).Weekday().String() + " " + d.Long()
}

// ArrangeAssessment arranges, or re-arranges, the initial exploitation
// assessment of the child an agenda item is about. Whoever may change the
// meeting may arrange it. A date after the latest allowed
// (LatestAssessmentDate) is refused with a message naming that date.
func (s *Service) ArrangeAssessment(ctx context.Context, meetingID, itemID string, in ArrangeInput) (*Assessment, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	scope := idem.Scope(AssessmentKeyScope, u.ID)
	key, err := idem.Key(in.IdempotencyKey)
	if err != nil {
		return nil, err
	}
	if id, err := idem.Seen(ctx, s.DB.Read(), scope, key); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return s.assessmentByID(ctx, id)
	}
	m, err := read(ctx, s.DB.Read(), u, meetingID)
	if err != nil {
		return nil, err
	}
	if !access.EditMeeting(u, rules(m)) {
		return nil, errMayNotEdit
	}
	it, err := itemOf(m, itemID)
	if err != nil {
		return nil, err
	}
	if it.SubjectKind != SubjectChild || it.PersonID == "" {
		return nil, errs.E(errs.Invalid, "An initial exploitation assessment is arranged for a child: this item is not about a child's record")
	}
	if ok, err := seesAbout(ctx, s.DB.Read(), u, it.PersonID); err != nil || !ok {
		return nil, cmp.Or(err, errCannotSee)
	}
	latest, err := s.LatestAssessmentDate(ctx, m)
	if err != nil {
		return nil, err
	}
	earliest := m.Date
	if today := calendar.LondonDate(s.Now()); today.After(earliest) {
		earliest = today
	}
	var v errs.Validation
	start, end := in.validate(&v, earliest, latest)
	w, err := s.worker(ctx, &v, m.OwnerOrgID, in.WorkerID)
	if err != nil {
		return nil, err
	}
	invited, err := s.invitees(ctx, &v, w, in.Invitees)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	var out *Assessment
	var existing string
	err = s.change(ctx, meetingID, 0, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		id, err := idem.Seen(ctx, tx, scope, key)
		if err != nil || id != "" {
			existing = id
			return err
		}
		it, err := itemOf(m, itemID)
		if err != nil {
			return err
		}
		m.OwnerOrgName = orgs[m.OwnerOrgID]
		now := s.now()
		a := &Assessment{MeetingID: m.ID, ItemID: it.ID, PersonID: it.PersonID, OwnerOrgID: m.OwnerOrgID,
			StartAt: start, EndAt: end, Place: in.Place, Online: in.Online, WorkerID: w.ID, WorkerName: w.Name,
			Invitees: invited, UpdatedAt: now}
		a.setLocal()
		before, err := loadAssessmentByItem(ctx, tx, it.ID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if before == nil {
			a.ID, a.CreatedAt = db.NewID(), now
			t, _, err := s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskAssessment, Title: assessmentTitle(a),
				RecordType: AssessmentRecordType, RecordID: a.ID, PersonID: a.PersonID, Owner: task.Owner{UserID: w.ID},
				OrganisationID: m.OwnerOrgID, DueDate: a.Date, DedupeKey: a.ID})
			if err != nil {
				return err
			}
			a.TaskID = t.ID
			if err := insertAssessment(ctx, tx, a, u.ID); err != nil {
				return err
			}
		} else {
			a.ID, a.CreatedAt, a.TaskID = before.ID, before.CreatedAt, before.TaskID
			a.Sequence = before.Sequence
			if sameArrangement(before, a) {
				out = before
				return idem.Remember(ctx, tx, scope, key, a.ID, now)
			}
			a.Sequence++
			if _, err := s.Tasks.RescheduleTx(ctx, tx, TaskAssessment, a.ID, assessmentTitle(a), task.EndOfDay(a.Date), false); err != nil {
				return err
			}
			if _, err := s.Tasks.ReownTx(ctx, tx, TaskAssessment, a.ID, task.Owner{UserID: w.ID}); err != nil {
				return err
			}
			if err := updateAssessment(ctx, tx, a, u.ID); err != nil {
				return err
			}
		}
		if err := idem.Remember(ctx, tx, scope, key, a.ID, now); err != nil {
			return err
		}
		detail := "arranged the initial exploitation assessment"
		if before != nil {
			detail = "re-arranged the initial exploitation assessment (invitation version " + fmt.Sprint(a.Sequence) + ")"
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: a.PersonID, Detail: detail}); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, u, m, a, before); err != nil {
			return err
		}
		out = a
		return nil
	})
	if err != nil {
		if db.IsUniqueViolation(err) && key != "" {
			if id, _ := idem.Seen(ctx, s.DB.Read(), scope, key); id != "" {
				return s.assessmentByID(ctx, id)
			}
		}
		return nil, err
	}
	if existing != "" {
		return s.assessmentByID(ctx, existing)
	}
	if out.WorkerName == "" {
		s.nameWorker(ctx, out)
	}
	return out, nil
}

// sameArrangement reports whether b arranges nothing different from a.
func sameArrangement(a, b *Assessment) bool {
	if !a.StartAt.Equal(b.StartAt) || !a.EndAt.Equal(b.EndAt) || a.Place != b.Place || a.Online != b.Online ||
		a.WorkerID != b.WorkerID || len(a.Invitees) != len(b.Invitees) {
		return false
	}
	for i := range a.Invitees {
		if a.Invitees[i] != b.Invitees[i] {
			return false
		}
	}
	return true
}

// assessmentTitle is the social worker's task: what and when, never the
// child's name (the task shows the record it is about to those who may
// see it).
func assessmentTitle(a *Assessment) string {
	return "Hold the initial exploitation assessment: " + longDay(a.Date) + " at " + a.Time
}

// setLocal fills the London date and time from StartAt.
func (a *Assessment) setLocal() {
	a.Date = calendar.LondonDate(a.StartAt)
	a.Time = a.StartAt.In(civil.London).Format("15:04")
}

// Assessment is the assessment arranged from an item of a meeting the
// signed-in user may see; the view is on the child's audit trail.
func (s *Service) Assessment(ctx context.Context, meetingID, itemID string) (*Assessment, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var a *Assessment
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := read(ctx, tx, u, meetingID)
		if err != nil {
			return err
		}
		if _, err := itemOf(m, itemID); err != nil {
			return err
		}
		if a, err = loadAssessmentByItem(ctx, tx, itemID); err != nil {
			return err
		}
		if ok, err := seesAbout(ctx, tx, u, a.PersonID); err != nil || !ok {
			return cmp.Or(err, errCannotSee)
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: m.ID,
			PersonID: a.PersonID, Detail: "viewed the arranged initial exploitation assessment"})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the assessment")
	}
	s.nameWorker(ctx, a)
	return a, nil
}

// assessmentByID reads an arrangement just made or changed by the
// signed-in user (a retried request's answer).
func (s *Service) assessmentByID(ctx context.Context, id string) (*Assessment, error) {
	a, err := loadAssessment(ctx, s.DB.Read(), id)
	if err != nil {
		return nil, errs.Wrap(err, "reading the assessment")
	}
	s.nameWorker(ctx, a)
	return a, nil
}

func (s *Service) nameWorker(ctx context.Context, a *Assessment) {
	if w, err := s.Directory.GetUser(ctx, a.WorkerID); err == nil {
		a.WorkerName = w.Name
	}
}
