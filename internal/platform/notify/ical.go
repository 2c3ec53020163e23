package notify

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event is a meeting to invite people to.
type Event struct {
	// UID identifies the meeting for good: an update or cancellation
	// reuses it with a higher Sequence. Like "meeting-ID@host".
	UID      string
	Sequence int
	// Stamp is when this version of the invitation was made (DTSTAMP).
	Stamp       time.Time
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	Organizer   Person
	Attendees   []Person
	// Cancelled makes a cancellation (METHOD:CANCEL) instead of a request.
	Cancelled bool
}

// Person is an organiser or attendee of an Event.
type Person struct {
	Name     string
	Email    string
	Optional bool // an attendee whose presence is optional
}

// Invitation writes e as an RFC 5545 calendar of one VEVENT with
// METHOD:REQUEST (or METHOD:CANCEL when e.Cancelled), for an email
// attachment of type CalendarType (or the same with method=CANCEL).
//
// Times are written in UTC ("20261124T093000Z"). Every calendar program
// (Outlook, Google, Apple, Thunderbird) accepts UTC times and shows them in
// the reader's own zone; a TZID=Europe/London time needs a VTIMEZONE block
// that Outlook in particular insists on and that can shift a meeting by an
// hour if its daylight saving rules are wrong. These are single meetings,
// not recurring ones, so nothing is lost by UTC.
//
// Text is escaped (backslash, semicolon, comma, newline), control
// characters other than tab are dropped, lines are folded at 75 octets
// without splitting a UTF-8 sequence, and every line ends in CRLF.
func Invitation(e Event) ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	method, status := "REQUEST", "CONFIRMED"
	if e.Cancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	var b bytes.Buffer
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//mace//Multi-agency child exploitation//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:" + method)
	line("BEGIN:VEVENT")
	line("UID:" + escapeText(e.UID))
	line(fmt.Sprintf("SEQUENCE:%d", e.Sequence))
	line("DTSTAMP:" + utc(e.Stamp))
	line("DTSTART:" + utc(e.Start))
	line("DTEND:" + utc(e.End))
	line("SUMMARY:" + escapeText(e.Summary))
	if e.Description != "" {
		line("DESCRIPTION:" + escapeText(e.Description))
	}
	if e.Location != "" {
		line("LOCATION:" + escapeText(e.Location))
	}
	line("STATUS:" + status)
	line("TRANSP:OPAQUE")
	line("ORGANIZER" + cn(e.Organizer.Name) + ":mailto:" + e.Organizer.Email)
	for _, a := range e.Attendees {
		role := "REQ-PARTICIPANT"
		if a.Optional {
			role = "OPT-PARTICIPANT"
		}
		line("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=" + role + ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE" + cn(a.Name) + ":mailto:" + a.Email)
	}
	line("END:VEVENT")
	line("END:VCALENDAR")
	return b.Bytes(), nil
}

func (e Event) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("invitation: "+format, args...)
	}
	switch {
	case strings.TrimSpace(e.UID) == "" || hasLineBreak(e.UID) || !utf8.ValidString(e.UID):
		return bad("the UID is empty or has a line break")
	case e.Start.IsZero() || e.End.IsZero() || !e.End.After(e.Start):
		return bad("the meeting needs a start and an end after it")
	case e.Stamp.IsZero():
		return bad("the stamp (when the invitation was made) is not set")
	case strings.TrimSpace(clean(e.Summary)) == "":
		return bad("the summary is empty")
	case e.Sequence < 0:
		return bad("the sequence is negative")
	case len(e.Attendees) == 0:
		return bad("nobody is invited")
	}
	if !calAddress(e.Organizer.Email) {
		return bad("the organiser's email address is not valid")
	}
	for i, a := range e.Attendees {
		if !calAddress(a.Email) {
			return bad("attendee %d's email address is not valid", i+1)
		}
	}
	return nil
}

// calAddress reports whether s is a bare address fit to follow "mailto:".
func calAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, " ,;:\"\\\r\n") && strings.Contains(s, "@")
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// clean keeps valid UTF-8, makes every line end a newline, and drops other
// control characters, which iCalendar text cannot hold.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(clean(s))
}

// cn is the ;CN= parameter for a name, quoted. A parameter value cannot
// hold a double quote or control character, so those are replaced or
// dropped.
func cn(name string) string {
	name = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(clean(name), "\n", " "), `"`, "'"))
	name = strings.ReplaceAll(name, "\t", " ")
	if name == "" {
		return ""
	}
	return `;CN="` + name + `"`
}

// fold splits a content line into lines of at most 75 octets, each after
// the first starting with a space, never inside a UTF-8 sequence, and ends
// every line with CRLF (RFC 5545 3.1).
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space takes one octet
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
