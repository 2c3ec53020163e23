package missing

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/task"
)

// Writing many episodes at once, for the import of the police's missing
// notifications: reading stored episodes by reference and the times of
// many young people's episodes, making a new episode from its input, and
// writing a whole import's episodes and tasks in one transaction.

// NewEpisode is the episode in would make, recorded by u at now, not yet
// checked against the database or stored.
func (s *Service) NewEpisode(u *auth.User, in Input, now time.Time) *Episode {
	e := &Episode{ID: db.NewID(), PersonID: in.PersonID, RecordedByID: u.ID, RecordedByName: u.Name,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	apply(e, in)
	if !e.Open() {
		e.InterviewDueAt = s.InterviewDue(e.EndAt)
	}
	return e
}

// Reference is a police reference within its force.
type Reference struct{ Force, Ref string }

// ByReference reads, through q, the stored episodes with the given
// references (without whom they were found with or their interviews).
func ByReference(ctx context.Context, q db.Querier, keys []Reference) (map[Reference]*Episode, error) {
	byForce := map[string][]string{}
	for _, k := range keys {
		byForce[k.Force] = append(byForce[k.Force], k.Ref)
	}
	out := map[Reference]*Episode{}
	for force, refs := range byForce {
		err := db.Chunks(db.Distinct(refs), func(part []string) error {
			var a db.Args
			cond := "e.police_org_id = " + a.Add(force) + " AND e.police_reference IN " + a.In(part)
			rows, err := q.QueryContext(ctx, "SELECT "+columns+" FROM missing_episodes e WHERE "+cond, a...)
			if err != nil {
				return fmt.Errorf("finding episodes by police reference: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				e, err := scanEpisode(rows)
				if err != nil {
					return err
				}
				e.FoundWith = []Associate{}
				out[Reference{e.PoliceOrgID, e.PoliceReference}] = e
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Span is an episode's times, for the overlap rule; End is zero while the
// episode is open.
type Span struct {
	ID         string
	Start, End time.Time
}

// Spans reads, through q, the times of every episode of the people, by
// person.
func Spans(ctx context.Context, q db.Querier, ids []string) (map[string][]Span, error) {
	out := map[string][]Span{}
	err := db.Chunks(db.Distinct(ids), func(part []string) error {
		var a db.Args
		rows, err := q.QueryContext(ctx, "SELECT id, person_id, start_at, end_at FROM missing_episodes WHERE person_id IN "+
			a.In(part), a...)
		if err != nil {
			return fmt.Errorf("reading episodes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var s Span
			var personID string
			if err := rows.Scan(&s.ID, &personID, db.ScanTime(&s.Start), db.ScanTime(&s.End)); err != nil {
				return err
			}
			out[personID] = append(out[personID], s)
		}
		return rows.Err()
	})
	return out, err
}

// insertEpisodes writes new episodes and whom they were found with, many
// to a statement, as insertEpisode does one at a time.
func insertEpisodes(ctx context.Context, tx *sql.Tx, eps []*Episode) error {
	err := db.Chunks(eps, func(part []*Episode) error {
		var a db.Args
		values := make([]string, len(part))
		for i, e := range part {
			vals := []any{e.ID, e.PersonID, e.Type, db.Time(e.StartAt), db.Time(e.EndAt), db.Time(e.InterviewDueAt),
				e.ReportedBy, db.NullText(e.PoliceOrgID), db.NullText(e.PoliceReference), e.RiskGrading, e.FoundPlace.Description,
				e.FoundPlace.Postcode, e.LookedAfter, e.RecordedByID, e.RecordedByName, db.Time(e.CreatedAt),
				db.Time(e.UpdatedAt), e.Version}
			ph := make([]string, len(vals))
			for j, v := range vals {
				ph[j] = a.Add(v)
			}
			values[i] = "(" + strings.Join(ph, ", ") + ")"
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO missing_episodes (id, person_id, type, start_at, end_at, interview_due_at,
			reported_by, police_org_id, police_reference, risk_grading, found_place, found_postcode, looked_after,
			recorded_by, recorded_by_name, created_at, updated_at, version) VALUES `+strings.Join(values, ", "), a...)
		if err != nil {
			return fmt.Errorf("saving episodes: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	type assoc struct {
		id  string
		pos int
		a   Associate
	}
	var list []assoc
	for _, e := range eps {
		for i, x := range e.FoundWith {
			list = append(list, assoc{e.ID, i, x})
		}
	}
	return db.Chunks(list, func(part []assoc) error {
		var a db.Args
		values := make([]string, len(part))
		for i, x := range part {
			values[i] = "(" + strings.Join([]string{a.Add(x.id), a.Add("found"), a.Add(x.pos), a.Add(x.a.Name),
				a.Add(x.a.Description)}, ", ") + ")"
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO missing_associates (episode_id, source, position, name, description)
			VALUES `+strings.Join(values, ", "), a...)
		if err != nil {
			return fmt.Errorf("saving who the young people were with: %w", err)
		}
		return nil
	})
}

// Change is one episode WriteImported writes: a new one, or (Closes) a
// stored open one now ended, with the young person it is about.
type Change struct {
	Episode *Episode
	Person  *people.Facts
	Closes  bool
}

// WriteImported makes the changes of an import inside tx: new episodes many
// to a statement, closed ones one by one, the force's involvement with each
// young person, an audit event for each episode with its person, and the
// tasks each episode calls for (as CreateEpisode and UpdateEpisode make
// them). The caller has checked each change against the rules (NewEpisode,
// Input.Validate, Spans). progress, when not nil, hears how many are done.
// It returns how many tasks it made.
func (s *Service) WriteImported(ctx context.Context, tx *sql.Tx, steps []Change, progress func(done, total int)) (int, error) {
	var creates []*Episode
	events := make([]audit.Event, 0, len(steps))
	involved := map[[2]string]bool{}
	for _, st := range steps {
		if st.Closes {
			if err := updateEpisode(ctx, tx, st.Episode, st.Episode.Version); err != nil {
				return 0, err
			}
			st.Episode.Version++
			events = append(events, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: st.Episode.ID,
				PersonID: st.Episode.PersonID, Detail: "changed end, where found, who they were with (imported from the police)"})
		} else {
			creates = append(creates, st.Episode)
			events = append(events, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: st.Episode.ID,
				PersonID: st.Episode.PersonID, Detail: "reported a missing episode (imported from the police)"})
		}
		if f := st.Episode.PoliceOrgID; f != "" && !involved[[2]string{st.Episode.PersonID, f}] {
			involved[[2]string{st.Episode.PersonID, f}] = true
			if err := access.Involve(ctx, tx, "person", st.Episode.PersonID, f, "missing episode", st.Episode.UpdatedAt); err != nil {
				return 0, err
			}
		}
	}
	if err := insertEpisodes(ctx, tx, creates); err != nil {
		return 0, err
	}
	if err := s.Audit.RecordMany(ctx, tx, events); err != nil {
		return 0, err
	}
	// The follow-on tasks, with the staff lists and calendar read once,
	// and every episode start of the young people with new episodes read
	// in one go.
	cached := *s
	cached.Directory = &cachedDirectory{Directory: s.Directory, users: map[string][]*auth.User{}}
	cached.Calendar = &cachedCalendar{src: s.Calendar}
	var people []string
	for _, st := range steps {
		if !st.Closes {
			people = append(people, st.Episode.PersonID)
		}
	}
	slices.Sort(people)
	starts, err := startsOf(ctx, tx, slices.Compact(people))
	if err != nil {
		return 0, err
	}
	var nts, closing []task.NewTask
	for i, st := range steps {
		var oldStart time.Time // zero for a new episode: the repeat-missing check runs
		if st.Closes {
			oldStart = st.Episode.StartAt
		}
		more, err := cached.followOnTasks(ctx, st.Episode, st.Person, oldStart, time.Time{}, starts[st.Episode.PersonID])
		if err != nil {
			return 0, err
		}
		nts = append(nts, more...)
		for _, nt := range more {
			if st.Closes && nt.Kind == TaskReturnInterview {
				closing = append(closing, nt)
			}
		}
		if progress != nil && (i%500 == 0 || i == len(steps)-1) {
			progress(i+1, len(steps))
		}
	}
	made, err := s.Tasks.CreateManyTx(ctx, tx, nts)
	if err != nil {
		return 0, err
	}
	// An episode reopened before (its interview task cancelled) and now
	// closed by the file needs its interview again, as when recorded by
	// hand: the cancelled task opens again, due after this return.
	for _, nt := range closing {
		if _, err := s.Tasks.RescheduleTx(ctx, tx, nt.Kind, nt.DedupeKey, nt.Title, nt.DueAt, true); err != nil {
			return 0, err
		}
	}
	return made, nil
}

// cachedDirectory reads each organisation's staff once per import.
type cachedDirectory struct {
	Directory
	mu    sync.Mutex
	users map[string][]*auth.User
}

func (c *cachedDirectory) ListUsers(ctx context.Context, orgID string) ([]*auth.User, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if us, ok := c.users[orgID]; ok {
		return us, nil
	}
	us, err := c.Directory.ListUsers(ctx, orgID)
	if err == nil {
		c.users[orgID] = us
	}
	return us, err
}

// cachedCalendar reads the working-day calendar once per import.
type cachedCalendar struct {
	src Calendar
	cal *calendar.Calendar
}

func (c *cachedCalendar) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	if c.cal == nil {
		cal, err := c.src.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		c.cal = cal
	}
	return c.cal, nil
}

// Overlaps reports whether the span overlaps the time from start to end
// (zero end: still open), unless it is the episode except. Episodes may
// touch: one may start the minute another ends.
func (a Span) Overlaps(start, end time.Time, except string) bool {
	if a.ID == except {
		return false
	}
	aEnd, bEnd := a.End, end
	if aEnd.IsZero() {
		aEnd = farFuture
	}
	if bEnd.IsZero() {
		bEnd = farFuture
	}
	return a.Start.Before(bEnd) && aEnd.After(start)
}
