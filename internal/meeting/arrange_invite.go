package meeting

import (
	"context"
	"database/sql"
	"net/mail"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/notify"
)

// Invitations to an arranged assessment: one email to each invitee with an
// iCalendar invitation attached, queued in the arrangement's transaction.
// They say what, when and where, and link to the meeting in the service;
// they never carry the child's name or what was said about them.

// Mailer queues email in the caller's transaction (the outbox, with the
// service's address for links).
type Mailer interface {
	QueueTx(ctx context.Context, tx *sql.Tx, m notify.Email) error
	// Sender is the address email comes from, which organises the
	// invitations; empty when email is not set up.
	Sender() string
	// Link is the address of a page of the service for an email, or ""
	// when the service's public address is not set.
	Link(path string) string
}

// CancelType is the content type of a cancelled invitation.
const CancelType = "text/calendar; method=CANCEL; charset=utf-8"

// invitationUID is an arrangement's iCalendar UID, the same for every
// version of its invitation.
func invitationUID(id string) string { return "exploitation-assessment-" + id + "@mace" }

// invite queues the invitation to a's invitees: the first (before is nil)
// or a new version of it, and a cancellation for anyone invited before and
// no longer.
func (s *Service) invite(ctx context.Context, tx *sql.Tx, u *auth.User, m *Meeting, a, before *Assessment) error {
	if s.Mail == nil {
		return nil
	}
	organizer := notify.Person{Name: m.OwnerOrgName, Email: s.Mail.Sender()}
	if organizer.Email == "" {
		organizer.Email = u.Email
	}
	link := s.Mail.Link("/meetings/" + m.ID)
	where := a.Place
	if a.Online {
		where = "Online"
	}
	arranged := "Arranged at the " + strings.ToLower(KindLabel(m.Kind)) + " of " + m.OwnerOrgName + " on " + longDay(m.Date) + "."
	desc := arranged + " The details are in mace"
	if link != "" {
		desc += ": " + link
	}
	ev := notify.Event{UID: invitationUID(a.ID), Sequence: a.Sequence, Stamp: s.now(), Start: a.StartAt, End: a.EndAt,
		Summary: assessmentIntro, Description: desc + ".", Location: where, Organizer: organizer}
	for _, p := range a.Invitees {
		ev.Attendees = append(ev.Attendees, notify.Person{Name: p.Name, Email: p.Email})
	}
	// Where the assessment is held may be the young person's home: it goes
	// only to invitees who may see the record; the others are told to ask
	// whoever holds it.
	seesWhere, err := s.inviteesWhoSee(ctx, tx, a)
	if err != nil {
		return err
	}
	withPlace, err := notify.Invitation(ev)
	if err != nil {
		return errs.Wrap(err, "making the invitation")
	}
	unplaced := ev
	unplaced.Location = ""
	withoutPlace, err := notify.Invitation(unplaced)
	if err != nil {
		return errs.Wrap(err, "making the invitation")
	}
	when := longDay(a.Date) + ", " + a.Time + " to " + a.EndAt.In(civil.London).Format("15:04") + " (UK time)"
	subject := "Invitation: initial exploitation assessment, " + longDay(a.Date) + " at " + a.Time
	lead := "You are invited to an initial exploitation assessment."
	if before != nil {
		subject = "Changed: initial exploitation assessment, " + longDay(a.Date) + " at " + a.Time
		lead = "The initial exploitation assessment you were invited to has changed."
	}
	body := func(where string) string {
		return lead + "\n\nWhen: " + when + "\nWhere: " + where + "\nHeld by: " + a.WorkerName + "\n\n" + arranged +
			" The calendar invitation is attached." + signOff(link)
	}
	for _, p := range a.Invitees {
		text, ics := body(where), withPlace
		if !seesWhere[p.UserID] {
			text, ics = body("ask "+a.WorkerName+", who holds it"), withoutPlace
		}
		err := s.Mail.QueueTx(ctx, tx, notify.Email{To: []string{address(p)}, Subject: subject, Text: text,
			Attachments: []notify.Attachment{{Name: "invitation.ics", ContentType: notify.CalendarType, Data: ics}}})
		if err != nil {
			return err
		}
	}
	if before == nil {
		return nil
	}
	return s.uninvite(ctx, tx, ev, before, a, link)
}

// uninvite sends a cancellation to those invited before and no longer.
func (s *Service) uninvite(ctx context.Context, tx *sql.Tx, ev notify.Event, before, a *Assessment, link string) error {
	still := map[string]bool{}
	for _, p := range a.Invitees {
		still[strings.ToLower(p.Email)] = true
	}
	for _, p := range before.Invitees {
		if still[strings.ToLower(p.Email)] {
			continue
		}
		c := ev
		c.Cancelled, c.Location = true, ""
		c.Start, c.End = before.StartAt, before.EndAt
		c.Attendees = []notify.Person{{Name: p.Name, Email: p.Email}}
		ics, err := notify.Invitation(c)
		if err != nil {
			return errs.Wrap(err, "making the cancellation")
		}
		subject := "Cancelled: initial exploitation assessment, " + longDay(before.Date) + " at " + before.Time
		body := "You are no longer invited to the initial exploitation assessment on " + longDay(before.Date) + " at " +
			before.Time + "." + signOff(link)
		err = s.Mail.QueueTx(ctx, tx, notify.Email{To: []string{address(p)}, Subject: subject, Text: body,
			Attachments: []notify.Attachment{{Name: "invitation.ics", ContentType: CancelType, Data: ics}}})
		if err != nil {
			return err
		}
	}
	return nil
}

// inviteesWhoSee are the invitees (by user id) who may see the record of
// the young person the assessment is about; an invitee known only by an
// email address may not.
func (s *Service) inviteesWhoSee(ctx context.Context, tx *sql.Tx, a *Assessment) (map[string]bool, error) {
	out := map[string]bool{}
	if a.PersonID == "" {
		for _, p := range a.Invitees {
			out[p.UserID] = true
		}
		return out, nil
	}
	f, err := people.LoadFacts(ctx, tx, a.PersonID)
	if err != nil {
		return nil, err
	}
	for _, p := range a.Invitees {
		if p.UserID == "" {
			continue
		}
		u, err := s.Directory.GetUser(ctx, p.UserID)
		if err != nil {
			return nil, err
		}
		out[p.UserID] = access.SeeAbout(u, &f.Record)
	}
	return out, nil
}

func signOff(link string) string {
	s := "\n\nSign in to mace to see the meeting"
	if link != "" {
		s += ": " + link
	}
	return s + ".\n\nThis message was sent by mace, the multi-agency child exploitation service. Please do not reply to it."
}

func address(p Invitee) string { return (&mail.Address{Name: p.Name, Address: p.Email}).String() }
