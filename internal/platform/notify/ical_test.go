package notify_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"mace/internal/platform/notify"
)

func testEvent() notify.Event {
	start := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	return notify.Event{
		UID:      "meeting-01jd8k0000000000000000000@mace.example",
		Sequence: 2,
		Stamp:    time.Date(2026, 11, 20, 14, 5, 6, 0, time.UTC),
		Start:    start,
		End:      start.Add(90 * time.Minute),
		Summary:  "Strategy discussion; risk review, part 2",
		Description: "Agenda:\n1. Information shared, so far; by whom\n2. Back\\slash and a very long line of text that " +
			"goes well past seventy-five octets: Ŵêłšh ĉĥâřâćŧëřš, 日本語のテキスト, emoji 👩🏽‍💻 and more text after it",
		Location:  "Room 3, Civic Centre; Northfield",
		Organizer: notify.Person{Name: `Priya "PJ" Marsh, Team East`, Email: "priya.marsh@northfield.example"},
		Attendees: []notify.Person{
			{Name: "Owen Carrick", Email: "owen.carrick@police.example"},
			{Name: "Ana Lytton; analyst", Email: "ana@northfield.example", Optional: true},
		},
	}
}

// parse decodes an invitation with an independent parser and checks the
// shape of every physical line.
func parse(t *testing.T, b []byte) *ical.Calendar {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatalf("the calendar does not end in CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, more than 75: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("parsing the invitation: %v\n%s", err, b)
	}
	return cal
}

func text(t *testing.T, p ical.Props, name string) string {
	t.Helper()
	v, err := p.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func TestInvitationRoundTrips(t *testing.T) {
	e := testEvent()
	b, err := notify.Invitation(e)
	if err != nil {
		t.Fatal(err)
	}
	cal := parse(t, b)
	if got := cal.Props.Get("METHOD").Value; got != "REQUEST" {
		t.Errorf("METHOD %q", got)
	}
	if got := cal.Props.Get("VERSION").Value; got != "2.0" {
		t.Errorf("VERSION %q", got)
	}
	if cal.Props.Get("PRODID") == nil {
		t.Error("no PRODID")
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	p := evs[0].Props
	for name, want := range map[string]string{"UID": e.UID, "SUMMARY": e.Summary, "DESCRIPTION": e.Description,
		"LOCATION": e.Location, "STATUS": "CONFIRMED"} {
		if got := text(t, p, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if seq, err := p.Get("SEQUENCE").Int(); err != nil || seq != 2 {
		t.Errorf("SEQUENCE %d %v", seq, err)
	}
	for name, want := range map[string]time.Time{"DTSTART": e.Start, "DTEND": e.End, "DTSTAMP": e.Stamp} {
		got, err := p.DateTime(name, nil)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s = %v (%v), want %v", name, got, err, want)
		}
	}
	// go-ical reads a London start the same way.
	london, _ := time.LoadLocation("Europe/London")
	if got, _ := evs[0].DateTimeStart(london); !got.Equal(e.Start) {
		t.Errorf("start in London %v", got)
	}
	org := p.Get("ORGANIZER")
	if org.Value != "mailto:priya.marsh@northfield.example" || org.Params.Get("CN") != "Priya 'PJ' Marsh, Team East" {
		t.Errorf("ORGANIZER %q %v", org.Value, org.Params)
	}
	att := p.Values("ATTENDEE")
	if len(att) != 2 {
		t.Fatalf("%d attendees", len(att))
	}
	for i, want := range []struct{ addr, name, role string }{
		{"mailto:owen.carrick@police.example", "Owen Carrick", "REQ-PARTICIPANT"},
		{"mailto:ana@northfield.example", "Ana Lytton; analyst", "OPT-PARTICIPANT"},
	} {
		a := att[i]
		if a.Value != want.addr || a.Params.Get("CN") != want.name || a.Params.Get("ROLE") != want.role ||
			a.Params.Get("PARTSTAT") != "NEEDS-ACTION" || a.Params.Get("RSVP") != "TRUE" {
			t.Errorf("attendee %d: %q %v", i+1, a.Value, a.Params)
		}
	}
	// The raw text shows the escapes.
	for _, want := range []string{`SUMMARY:Strategy discussion\; risk review\, part 2`, `Back\\slash`, `Agenda:\n1.`} {
		if !strings.Contains(strings.ReplaceAll(string(b), "\r\n ", ""), want) {
			t.Errorf("the calendar lacks %q", want)
		}
	}
}

func TestInvitationCancel(t *testing.T) {
	e := testEvent()
	e.Cancelled, e.Sequence = true, 3
	b, err := notify.Invitation(e)
	if err != nil {
		t.Fatal(err)
	}
	cal := parse(t, b)
	if cal.Props.Get("METHOD").Value != "CANCEL" || text(t, cal.Events()[0].Props, "STATUS") != "CANCELLED" {
		t.Errorf("not a cancellation:\n%s", b)
	}
}

func TestInvitationRefusesIncompleteEvents(t *testing.T) {
	for name, change := range map[string]func(*notify.Event){
		"no UID":          func(e *notify.Event) { e.UID = "" },
		"UID line break":  func(e *notify.Event) { e.UID = "a\r\nATTENDEE:mailto:x@example.org" },
		"end before":      func(e *notify.Event) { e.End = e.Start.Add(-time.Minute) },
		"no stamp":        func(e *notify.Event) { e.Stamp = time.Time{} },
		"no summary":      func(e *notify.Event) { e.Summary = " \x01 " },
		"no attendees":    func(e *notify.Event) { e.Attendees = nil },
		"bad organiser":   func(e *notify.Event) { e.Organizer.Email = "not an address" },
		"attendee inject": func(e *notify.Event) { e.Attendees[0].Email = "a@example.org\r\nX:y" },
		"named address":   func(e *notify.Event) { e.Attendees[0].Email = "Owen <owen@example.org>" },
	} {
		e := testEvent()
		change(&e)
		if _, err := notify.Invitation(e); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzInvitationText checks that any summary, description, location and
// name survives escaping and folding: the parser reads back what was
// written (less control characters, with newlines made LF).
func FuzzInvitationText(f *testing.F) {
	for _, s := range []string{"plain", "a,b;c\\d\ne", "\r\n\r", strings.Repeat("é", 80), strings.Repeat("👩🏽‍💻x", 30),
		"ends with backslash\\", "\x00\x1f\x7f", "\xff\xfe invalid", strings.Repeat("a", 74) + "ä", `"quoted" name`} {
		f.Add(s, s+" more", s)
	}
	f.Fuzz(func(t *testing.T, summary, description, name string) {
		e := testEvent()
		e.Summary, e.Description, e.Location = "S "+summary, description, description
		e.Organizer.Name = name
		b, err := notify.Invitation(e)
		if err != nil {
			t.Fatal(err)
		}
		p := parse(t, b).Events()[0].Props
		want := func(s string) string {
			s = strings.ToValidUTF8(s, "\uFFFD")
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
			return strings.Map(func(r rune) rune {
				if r == '\n' || r == '\t' || r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0) {
					return r
				}
				return -1
			}, s)
		}
		if got := text(t, p, "SUMMARY"); got != want("S "+summary) {
			t.Errorf("summary %q, want %q", got, want("S "+summary))
		}
		if description != "" {
			if got := text(t, p, "DESCRIPTION"); got != want(description) {
				t.Errorf("description %q, want %q", got, want(description))
			}
		}
		if org := p.Get("ORGANIZER"); org == nil || org.Value != "mailto:"+e.Organizer.Email {
			t.Errorf("organiser lost: %v", org)
		}
	})
}
