package meeting

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// Checking an arrangement: the date within the timescale, the time, the
// place, the social worker and who is invited.

// validate checks the date, time, length and place, reporting every
// problem in the order of the form, and returns when the assessment starts
// and ends. The date is on or after earliest and on or before latest.
func (in *ArrangeInput) validate(v *errs.Validation, earliest, latest civil.Date) (start, end time.Time) {
	var date civil.Date
	in.Date = strings.TrimSpace(in.Date)
	switch d, err := civil.Parse(in.Date); {
	case in.Date == "":
		v.Add("date", "Enter the date of the assessment")
	case err != nil:
		v.Add("date", "The date of the assessment must be a real date")
	case d.After(latest):
		v.Add("date", "Choose a date on or before "+longDay(latest))
	case d.Before(earliest):
		v.Add("date", "Choose a date on or after "+longDay(earliest))
	default:
		date = d
		in.Date = d.String()
	}
	h, m, clockOK := parseClock(in.Time)
	switch {
	case strings.TrimSpace(in.Time) == "":
		v.Add("time", "Enter the time the assessment starts")
	case !clockOK:
		v.Add("time", "The time the assessment starts must be a real time, like 10:00")
	default:
		in.Time = fmt.Sprintf("%02d:%02d", h, m)
	}
	if in.DurationMinutes == 0 {
		in.DurationMinutes = DefaultMinutes
	}
	if in.DurationMinutes < 15 || in.DurationMinutes > MaxMinutes {
		v.Add("duration_minutes", fmt.Sprintf("The assessment must last between 15 and %d minutes", MaxMinutes))
	}
	in.Place = text.OneLine(in.Place)
	switch {
	case in.Online && in.Place != "":
		v.Add("place", "Enter a place, or choose online, not both")
	case !in.Online && in.Place == "":
		v.Add("place", "Enter where the assessment will be held, or choose online")
	case text.TooLong(in.Place, MaxPlace):
		v.Add("place", text.Limit("The place", MaxPlace))
	}
	if date.IsZero() || !clockOK {
		return time.Time{}, time.Time{}
	}
	start = time.Date(date.Year, date.Month, date.Day, h, m, 0, 0, civil.London).UTC()
	return start, start.Add(time.Duration(in.DurationMinutes) * time.Minute)
}

// worker checks that id is an active social worker (a practitioner, lead or
// manager) of the authority orgID.
func (s *Service) worker(ctx context.Context, v *errs.Validation, orgID, id string) (*auth.User, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		v.Add("social_worker_id", "Choose the social worker who will hold the assessment")
		return nil, nil
	}
	w, err := s.Directory.GetUser(ctx, id)
	switch {
	case !db.ValidID(id) || errs.Is(err, errs.NotFound):
	case err != nil:
		return nil, errs.Wrap(err, "reading the social worker")
	case w.Active && w.Organisation.ID == orgID && w.Has(auth.Practitioner, auth.Lead, auth.Manager):
		return w, nil
	}
	v.Add("social_worker_id", "Choose a social worker of the authority that holds the meeting")
	return nil, nil
}

// invitees checks who is invited: the social worker first, then each
// user (active, of any organisation) or name and address, once each.
func (s *Service) invitees(ctx context.Context, v *errs.Validation, w *auth.User, in []InviteeInput) ([]Invitee, error) {
	if len(in) > MaxInvitees {
		v.Add("invitees", fmt.Sprintf("Invite %d people or fewer", MaxInvitees))
		return nil, nil
	}
	var out []Invitee
	seen := map[string]bool{}
	if w != nil {
		out = append(out, Invitee{UserID: w.ID, Name: w.Name, Email: w.Email, OrganisationID: w.Organisation.ID})
		seen[strings.ToLower(w.Email)] = true
	}
	for i, a := range in {
		n := i + 1
		field := func(f string) string { return fmt.Sprintf("invitees.%d.%s", i, f) }
		a.UserID, a.Name, a.Email = text.OneLine(a.UserID), text.OneLine(a.Name), text.OneLine(a.Email)
		var inv Invitee
		if a.UserID != "" {
			user, err := s.Directory.GetUser(ctx, a.UserID)
			switch {
			case !db.ValidID(a.UserID) || errs.Is(err, errs.NotFound) || (err == nil && !user.Active):
				v.Add(field("user_id"), fmt.Sprintf("Choose invitee %d from the list of users", n))
				continue
			case err != nil:
				return nil, errs.Wrap(err, "reading an invitee")
			}
			inv = Invitee{UserID: user.ID, Name: user.Name, Email: user.Email, OrganisationID: user.Organisation.ID}
		} else {
			bad := false
			switch {
			case a.Name == "":
				v.Add(field("name"), fmt.Sprintf("Enter the name of invitee %d, or choose them from the list of users", n))
				bad = true
			case text.TooLong(a.Name, MaxName):
				v.Add(field("name"), text.Limit(fmt.Sprintf("The name of invitee %d", n), MaxName))
				bad = true
			}
			addr, err := mail.ParseAddress(a.Email)
			switch {
			case a.Email == "":
				v.Add(field("email"), fmt.Sprintf("Enter the email address of invitee %d", n))
				bad = true
			case err != nil || addr.Address != a.Email || len(a.Email) > 254 || strings.ContainsAny(a.Email, " ,;:\"\\<>"):
				v.Add(field("email"), fmt.Sprintf("Enter the email address of invitee %d like name@example.org", n))
				bad = true
			}
			if bad {
				continue
			}
			inv = Invitee{Name: a.Name, Email: a.Email}
		}
		key := strings.ToLower(inv.Email)
		if seen[key] {
			v.Add(field("email"), fmt.Sprintf("Invitee %d is already invited", n))
			continue
		}
		seen[key] = true
		out = append(out, inv)
	}
	return out, nil
}
