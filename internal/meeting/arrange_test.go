package meeting_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/notify"
	"mace/internal/task"
)

// mailbox keeps the emails queued, as the outbox would once the
// transaction commits.
type mailbox struct {
	mu   sync.Mutex
	sent []notify.Email
}

func (b *mailbox) QueueTx(ctx context.Context, tx *sql.Tx, m notify.Email) error {
	if err := m.Validate(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, m)
	return nil
}

func (b *mailbox) Sender() string          { return "mace@northfield.example" }
func (b *mailbox) Link(path string) string { return "https://mace.test.example" + path }

func (b *mailbox) take() []notify.Email {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.sent
	b.sent = nil
	return out
}

// dailyWithChild is a daily meeting on date chaired by the lead, with an
// item about the env's child and one about a theme.
func (e *env) dailyWithChild(date string) (*meeting.Meeting, *meeting.Item, *meeting.Item) {
	e.t.Helper()
	m := e.create(e.lead, meeting.Input{Kind: meeting.Daily, Date: date, Time: "09:30", ChairID: e.lead.ID})
	child, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: e.child.ID,
		Reasons: []string{"New referral"}})
	if err != nil {
		e.t.Fatalf("adding an item: %v %v", err, errs.Fields(err))
	}
	theme, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectTheme, Subject: "Knife crime"})
	if err != nil {
		e.t.Fatalf("adding an item: %v %v", err, errs.Fields(err))
	}
	return m, child, theme
}

func TestLatestAssessmentDate(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, c := range []struct{ meeting, latest string }{
			{"2026-11-24", "2026-12-01"}, // Tuesday: the weekend skipped
			{"2026-11-23", "2026-11-30"}, // Monday to Monday
			// Thursday 24 December: Christmas Day on Friday, Boxing Day
			// on Saturday (its substitute Monday 28th), New Year's Day
			// on Friday 1 January.
			{"2026-12-24", "2027-01-05"},
		} {
			m := e.create(e.lead, meeting.Input{Kind: meeting.Daily, Date: c.meeting, Time: "09:30", ChairID: e.lead.ID})
			got, err := e.svc.LatestAssessmentDate(context.Background(), m)
			if err != nil || got.String() != c.latest {
				t.Errorf("meeting on %s: latest %s (%v), want %s", c.meeting, got, err, c.latest)
			}
			l, err := e.svc.AssessmentLatest(as(e.lead), m.ID)
			if err != nil || l.LatestDate.String() != c.latest || l.WorkingDays != 5 {
				t.Errorf("meeting on %s: %+v %v", c.meeting, l, err)
			}
		}
		// The timescale is the partnership's.
		e.svc.Timescales.AssessmentWorkingDays = 2
		m := e.create(e.lead, meeting.Input{Kind: meeting.Daily, Date: "2026-12-24", Time: "09:30", ChairID: e.lead.ID})
		if got, _ := e.svc.LatestAssessmentDate(context.Background(), m); got.String() != "2026-12-30" {
			t.Errorf("two working days from Christmas Eve: %s", got)
		}
	})
}

func TestArrangeAssessment(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		box := &mailbox{}
		e.svc.Mail = box
		ctx := as(e.lead)
		m, item, theme := e.dailyWithChild("2026-11-24")
		in := meeting.ArrangeInput{Date: "2026-12-02", Time: "10:00", Place: "Larkspur Academy, room 2",
			WorkerID: e.practitioner.ID, Invitees: []meeting.InviteeInput{
				{UserID: e.officer.ID},
				{Name: "Wynn Harrow", Email: "wynn.harrow@youthjustice.example"},
			}, IdempotencyKey: "arrange-1"}
		nothing := func(when string) {
			t.Helper()
			if n := e.Count("SELECT COUNT(*) FROM meeting_assessments"); n != 0 {
				t.Errorf("%s: %d assessments saved", when, n)
			}
			if n := e.Count("SELECT COUNT(*) FROM tasks WHERE kind = $1", meeting.TaskAssessment); n != 0 {
				t.Errorf("%s: %d tasks made", when, n)
			}
			if sent := box.take(); len(sent) != 0 {
				t.Errorf("%s: %d emails queued", when, len(sent))
			}
		}

		// A day after the latest allowed is refused, naming that date.
		_, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in)
		wantField(t, err, "date", "Choose a date on or before Tuesday 1 December 2026")
		nothing("too late")
		bad := meeting.ArrangeInput{Date: "2026-11-23", Time: "25:00", WorkerID: e.officer.ID,
			Invitees: []meeting.InviteeInput{{Name: "", Email: "not an address"}}}
		_, err = e.svc.ArrangeAssessment(ctx, m.ID, item.ID, bad)
		wantField(t, err, "date", "Choose a date on or after Tuesday 24 November 2026")
		wantField(t, err, "time", "The time the assessment starts must be a real time, like 10:00")
		wantField(t, err, "place", "Enter where the assessment will be held, or choose online")
		wantField(t, err, "social_worker_id", "Choose a social worker of the authority that holds the meeting")
		wantField(t, err, "invitees.0.name", "Enter the name of invitee 1, or choose them from the list of users")
		wantField(t, err, "invitees.0.email", "Enter the email address of invitee 1 like name@example.org")
		_, err = e.svc.ArrangeAssessment(ctx, m.ID, theme.ID, meeting.ArrangeInput{Date: "2026-12-01", Time: "10:00",
			Online: true, WorkerID: e.practitioner.ID})
		wantKind(t, err, errs.Invalid)
		_, err = e.svc.ArrangeAssessment(as(e.southLead), m.ID, item.ID, in)
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.ArrangeAssessment(as(e.analyst), m.ID, item.ID, in)
		wantKind(t, err, errs.Forbidden)
		nothing("refused")

		// On the latest date: saved, the task made, everyone invited.
		in.Date = "2026-12-01"
		a, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in)
		if err != nil {
			t.Fatalf("arranging: %v %v", err, errs.Fields(err))
		}
		if a.Date.String() != "2026-12-01" || a.Time != "10:00" || a.PersonID != e.child.ID || a.Sequence != 0 ||
			a.WorkerName != "Priya Marsh" || len(a.Invitees) != 3 || a.Invitees[0].UserID != e.practitioner.ID {
			t.Fatalf("arranged %+v", a)
		}
		work, err := e.Tasks.MyWork(as(e.practitioner), e.practitioner)
		if err != nil {
			t.Fatal(err)
		}
		var found *task.Task
		for _, tk := range slices.Concat(work.Overdue, work.DueToday, work.Later) {
			if tk.Kind == meeting.TaskAssessment {
				found = &tk
			}
		}
		if found == nil || found.ID != a.TaskID || !found.DueAt.Equal(task.EndOfDay(civil.Date{Year: 2026, Month: 12, Day: 1})) ||
			found.PersonID != e.child.ID || strings.Contains(found.Title, "Jordan") {
			t.Fatalf("the social worker's task: %+v", found)
		}
		sent := box.take()
		if len(sent) != 3 {
			t.Fatalf("%d emails queued, want 3", len(sent))
		}
		for i, want := range []string{"priya.marsh@example.org", "owen.carrick@example.org", "wynn.harrow@youthjustice.example"} {
			mail := sent[i]
			if len(mail.To) != 1 || !strings.Contains(mail.To[0], want) || len(mail.Attachments) != 1 {
				t.Fatalf("email %d: to %v, %d attachments", i, mail.To, len(mail.Attachments))
			}
			ics := string(mail.Attachments[0].Data)
			for _, w := range []string{"METHOD:REQUEST", "SEQUENCE:0", "UID:exploitation-assessment-" + a.ID + "@mace",
				"SUMMARY:Initial exploitation assessment", "DTSTART:20261201T100000Z", "https://mace.test.example/meetings/" + m.ID} {
				if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), w) {
					t.Errorf("the invitation lacks %q:\n%s", w, ics)
				}
			}
			for _, secret := range []string{"Jordan", "Ashby", "2011"} {
				if strings.Contains(mail.Subject+mail.Text+ics, secret) {
					t.Errorf("email %d carries %q", i, secret)
				}
			}
		}
		// Where it is held goes only to those who may see the young
		// person's record: the youth justice worker, known by an address
		// alone, is told whom to ask.
		if !strings.Contains(sent[0].Text, "Where: Larkspur Academy, room 2") || !strings.Contains(string(sent[0].Attachments[0].Data), "LOCATION:Larkspur") {
			t.Errorf("the social worker's invitation lacks the place:\n%s", sent[0].Text)
		}
		if strings.Contains(sent[2].Text+string(sent[2].Attachments[0].Data), "Larkspur") || !strings.Contains(sent[2].Text, "Where: ask Priya Marsh, who holds it") {
			t.Errorf("the place went to an invitee who may not see the record:\n%s", sent[2].Text)
		}
		if !slices.Contains(e.events(m.ID), "update child arranged the initial exploitation assessment") {
			t.Errorf("audit trail: %v", e.events(m.ID))
		}

		// A retry with the same key changes and sends nothing.
		in.Date = "2026-11-30"
		again, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in)
		if err != nil || again.ID != a.ID || again.Date.String() != "2026-12-01" || len(box.take()) != 0 {
			t.Fatalf("retry: %+v %v", again, err)
		}

		// Re-arranged to Monday without the youth justice worker: the task
		// moves, a new version goes to those still invited and a
		// cancellation to the one no longer.
		in.IdempotencyKey = "arrange-2"
		in.Invitees = in.Invitees[:1]
		moved, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in)
		if err != nil || moved.ID != a.ID || moved.Sequence != 1 || moved.Date.String() != "2026-11-30" || moved.TaskID != a.TaskID {
			t.Fatalf("re-arranged: %+v %v", moved, err)
		}
		tk, err := e.Tasks.Get(as(e.practitioner), a.TaskID)
		if err != nil || !tk.DueAt.Equal(task.EndOfDay(civil.Date{Year: 2026, Month: 11, Day: 30})) || tk.State != task.Open {
			t.Fatalf("the task after re-arranging: %+v %v", tk, err)
		}
		sent = box.take()
		if len(sent) != 3 {
			t.Fatalf("%d emails after re-arranging, want 2 invitations and a cancellation", len(sent))
		}
		for i, mail := range sent[:2] {
			ics := string(mail.Attachments[0].Data)
			if !strings.Contains(ics, "SEQUENCE:1") || !strings.Contains(ics, "DTSTART:20261130T100000Z") || !strings.HasPrefix(mail.Subject, "Changed:") {
				t.Errorf("invitation %d after re-arranging: %s\n%s", i, mail.Subject, ics)
			}
		}
		if c := sent[2]; !strings.Contains(c.To[0], "wynn.harrow@") || !strings.Contains(string(c.Attachments[0].Data), "METHOD:CANCEL") {
			t.Errorf("the cancellation: %v\n%s", c.To, c.Attachments[0].Data)
		}

		// The same arrangement again sends nothing; another worker takes
		// the task.
		in.IdempotencyKey = ""
		if _, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in); err != nil || len(box.take()) != 0 {
			t.Fatalf("the same again: %v", err)
		}
		in.WorkerID = e.lead.ID
		if _, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, in); err != nil {
			t.Fatal(err)
		}
		if tk, err := e.Tasks.Get(as(e.lead), a.TaskID); err != nil || tk.OwnerUserID != e.lead.ID {
			t.Fatalf("the task after a change of worker: %+v %v", tk, err)
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE kind = $1", meeting.TaskAssessment); n != 1 {
			t.Errorf("%d assessment tasks, want 1", n)
		}
		got, err := e.svc.Assessment(as(e.officer), m.ID, item.ID)
		if err == nil {
			t.Errorf("an officer not recorded present read the arrangement: %+v", got)
		}
		if got, err := e.svc.Assessment(ctx, m.ID, item.ID); err != nil || got.Sequence != 2 || got.WorkerID != e.lead.ID {
			t.Errorf("reading the arrangement: %+v %v", got, err)
		}
		e.Verify()
	})
}
