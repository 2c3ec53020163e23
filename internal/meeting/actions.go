package meeting

import (
	"context"
	"database/sql"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
	"mace/internal/task"
)

// Actions agreed at a meeting, and the tasks they make: each action is a
// task in its owner's work, due on its date, so it goes overdue when the
// date passes.

// AddAction records an action and makes its task in the same transaction.
// The owner is a user of any organisation or a team; the action's
// organisation is the owner's.
func (s *Service) AddAction(ctx context.Context, meetingID string, in ActionInput) (*Action, error) {
	if _, err := auth.Actor(ctx); err != nil {
		return nil, err
	}
	due, v := in.validate(calendar.LondonDate(s.Now()))
	a := &Action{ID: db.NewID(), ItemID: in.ItemID, Text: in.Text, OwnerUserID: in.OwnerUserID,
		OwnerTeamID: in.OwnerTeamID, DueDate: due, Disruption: in.Disruption}
	if !v.Has("owner") {
		switch org, err := s.ownerOrg(ctx, in); {
		case errs.Is(err, errs.NotFound):
			v.Add("owner", "Choose a person or a team that exists")
		case err != nil:
			return nil, err
		default:
			a.OrganisationID = org
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.change(ctx, meetingID, in.Version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		var personID string
		if a.ItemID != "" {
			it, err := itemOf(m, a.ItemID)
			if err != nil {
				return errs.FieldErr("item_id", "Select an item on the agenda of this meeting, or none")
			}
			personID = it.PersonID
		}
		t, _, err := s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskAction, Title: actionTitle(m, a),
			RecordType: RecordType, RecordID: m.ID, PersonID: personID,
			Owner:          task.Owner{UserID: a.OwnerUserID, TeamID: a.OwnerTeamID},
			OrganisationID: a.OrganisationID, DueDate: a.DueDate, DedupeKey: a.ID})
		if err != nil {
			return err
		}
		a.TaskID, a.CreatedAt = t.ID, s.now()
		if err := insertAction(ctx, tx, m.ID, u.ID, a); err != nil {
			return err
		}
		detail := "agreed an action"
		if a.Disruption != "" {
			detail = "agreed a disruption: " + DisruptionLabel(a.Disruption)
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: personID, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	a.OrganisationName = names[a.OrganisationID]
	return a, nil
}

// ownerOrg is the organisation of an action's owner: an active user's, or
// a team's.
func (s *Service) ownerOrg(ctx context.Context, in ActionInput) (string, error) {
	if in.OwnerTeamID != "" {
		t, err := s.Directory.GetTeam(ctx, in.OwnerTeamID)
		if err != nil {
			return "", err
		}
		return t.OrganisationID, nil
	}
	o, err := s.Directory.GetUser(ctx, in.OwnerUserID)
	if err != nil {
		return "", err
	}
	if !o.Active {
		return "", errs.E(errs.NotFound, "no such user")
	}
	return o.Organisation.ID, nil
}

// actionTitle is an action's task title: the kind of meeting, the kind of
// disruption if it is one, and the action, cut to fit.
func actionTitle(m *Meeting, a *Action) string {
	t := KindLabel(m.Kind) + " " + m.Date.String() + ": "
	if a.Disruption != "" {
		t += DisruptionLabel(a.Disruption) + ": "
	}
	t += text.OneLine(a.Text)
	if r := []rune(t); len(r) > 200 {
		t = string(r[:199]) + "…"
	}
	return t
}

// conferenceTask makes the task to hold an initial child protection
// conference within the configured working days of the strategy
// discussion m, for its chair, once per item.
func (s *Service) conferenceTask(ctx context.Context, tx *sql.Tx, m *Meeting, it *Item) error {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return errs.Wrap(err, "reading the calendar")
	}
	due := cal.AddWorkingDays(m.Date, s.conferenceDays())
	_, _, err = s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskConference,
		Title:      "Hold the initial child protection conference (strategy discussion " + m.Date.String() + ")",
		RecordType: RecordType, RecordID: m.ID, PersonID: it.PersonID, Owner: task.Owner{UserID: m.ChairID},
		OrganisationID: m.OwnerOrgID, DueDate: due, DedupeKey: "icpc:" + it.ID})
	return err
}
