package task

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
)

// assignee looks up who o is, for the access rules: an active user with
// their teams, or a team. ok is false when there is no such active user or
// team.
func (s *Service) assignee(ctx context.Context, o Owner) (a access.Assignee, ok bool, err error) {
	if o.TeamID != "" {
		team, err := s.Directory.GetTeam(ctx, o.TeamID)
		if ok, err := exists(err); !ok {
			return a, false, err
		}
		return access.Assignee{TeamID: team.ID, OrganisationID: team.OrganisationID}, true, nil
	}
	u, err := s.Directory.GetUser(ctx, o.UserID)
	if ok, err := exists(err); !ok || !u.Active {
		return a, false, err
	}
	return access.Assignee{UserID: u.ID, TeamIDs: u.TeamIDs, OrganisationID: u.Organisation.ID}, true, nil
}

// Reassign gives an open task to another user or team: one in the task's
// organisation that the rules in platform/access let the signed-in user
// choose (their teams and teammates; any team or person for its leads and
// managers).
func (s *Service) Reassign(ctx context.Context, id string, to Owner) (Task, error) {
	return s.change(ctx, id, "reassign", func(tx *sql.Tx, u *auth.User, t *Task) (string, error) {
		to = Owner{UserID: trim(to.UserID), TeamID: trim(to.TeamID)}
		var v errs.Validation
		checkOwner(&v, to)
		if !v.Has("owner") {
			a, ok, err := s.assignee(ctx, to)
			switch {
			case err != nil:
				return "", err
			case !ok:
				v.Add("owner", "Choose a user or a team that exists")
			case a.OrganisationID != t.OrganisationID:
				v.Add("owner", "Choose a team or person in the organisation that owns the task")
			case !access.AssignTo(u, t.Assignment(), a):
				v.Add("owner", "Choose one of your teams or someone in them: only a lead or manager can give a task to another team")
			}
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		from := t.Owner()
		if to == from {
			return "", nil
		}
		ok, err := setOwner(ctx, tx, t.ID, to)
		if err := stillOpen(ctx, tx, t.ID, ok, err); err != nil {
			return "", err
		}
		t.OwnerUserID, t.OwnerTeamID = to.UserID, to.TeamID
		return "reassigned from " + from.describe() + " to " + to.describe(), nil
	})
}

// Value is the owner as a form value: "team:<id>" or "user:<id>".
func (o Owner) Value() string {
	if o.TeamID != "" {
		return "team:" + o.TeamID
	}
	return "user:" + o.UserID
}

// ParseOwner reads a form value made by Owner.Value. A value of neither
// form gives the empty Owner, which Reassign refuses with a message.
func ParseOwner(v string) Owner {
	v = strings.TrimSpace(v)
	if id, ok := strings.CutPrefix(v, "team:"); ok {
		return Owner{TeamID: id}
	}
	if id, ok := strings.CutPrefix(v, "user:"); ok {
		return Owner{UserID: id}
	}
	return Owner{}
}

// Choices are whom u may give t to, besides its owner now: teams first,
// then people, each by name, with the owner's form value (Owner.Value) as
// the code.
func (s *Service) Choices(ctx context.Context, u *auth.User, t Task) (choice.Choices, error) {
	if !access.ActOn(u, t.Assignment()) {
		return nil, nil
	}
	teams, err := s.Directory.ListTeams(ctx, t.OrganisationID)
	if err != nil {
		return nil, errs.Wrap(err, "listing teams")
	}
	staff, err := s.Directory.ListUsers(ctx, t.OrganisationID)
	if err != nil {
		return nil, errs.Wrap(err, "listing staff")
	}
	var teamChoices, userChoices choice.Choices
	for _, team := range teams {
		a := access.Assignee{TeamID: team.ID, OrganisationID: team.OrganisationID}
		if team.ID != t.OwnerTeamID && access.AssignTo(u, t.Assignment(), a) {
			teamChoices = append(teamChoices, choice.Choice{Code: Owner{TeamID: team.ID}.Value(), Label: team.Name})
		}
	}
	for _, other := range staff {
		a := access.Assignee{UserID: other.ID, TeamIDs: other.TeamIDs, OrganisationID: other.Organisation.ID}
		if other.Active && other.ID != t.OwnerUserID && access.AssignTo(u, t.Assignment(), a) {
			label := other.Name
			if other.ID == u.ID {
				label += " (you)"
			}
			userChoices = append(userChoices, choice.Choice{Code: Owner{UserID: other.ID}.Value(), Label: label})
		}
	}
	byLabel := func(a, b choice.Choice) int { return cmp.Compare(a.Label, b.Label) }
	slices.SortFunc(teamChoices, byLabel)
	slices.SortFunc(userChoices, byLabel)
	return append(teamChoices, userChoices...), nil
}
