package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"mace/internal/meeting"
	"mace/internal/platform/civil"
	"mace/internal/platform/notify"
	"mace/internal/platform/notify/smtptest"
)

// mimePart is one leaf of an email, decoded.
type mimePart struct {
	contentType string
	data        []byte
}

// leaves walks a MIME body and returns its leaf parts, decoded.
func leaves(t *testing.T, contentType, encoding string, body io.Reader) []mimePart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out []mimePart
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, leaves(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)...)
		}
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return []mimePart{{contentType: contentType, data: b}}
}

// TestArrangeAssessmentEmail arranges an assessment from a daily meeting's
// item through the API and delivers the invitations to a real SMTP
// server: each carries an invitation an independent iCalendar parser
// reads, at the time arranged in London, to everyone invited, and nothing
// names the child. A date after the latest allowed is refused, and a
// retried request sends nothing twice.
func TestArrangeAssessmentEmail(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		srv := smtptest.New(t, smtptest.Options{})
		e.svc.Mail.SMTP = srv.Config(notify.TLSStartTLS)
		e.svc.PublicURL = "https://mace.test.example"
		t.Cleanup(func() { e.svc.Mail.SMTP, e.svc.PublicURL = nil, "" })

		lead := e.token("lead@northfield.example")
		chair, worker, officer := e.user("lead@northfield.example"), e.user("practitioner@northfield.example"), e.user("officer@police.example")
		var childID, given, family string
		// A child who shares no name with a member of staff, whose names the
		// emails may carry.
		if err := e.db.Read().QueryRowContext(context.Background(), `SELECT id, given_name, family_name FROM people p
			WHERE kind = 'child' AND owner_org_id = $1 AND NOT EXISTS (SELECT 1 FROM users u
				WHERE u.name LIKE '%' || p.given_name || '%' OR u.name LIKE '%' || p.family_name || '%')
			ORDER BY id LIMIT 1`, chair.Organisation.ID).Scan(&childID, &given, &family); err != nil {
			t.Fatal(err)
		}
		today := e.today()
		code, body := e.api("POST", "/api/v1/meetings", lead, fmt.Sprintf(`{"kind":"daily","date":%q,"time":"09:30","chair_id":%q}`,
			today.String(), chair.ID))
		if code != 201 {
			t.Fatalf("creating the meeting: %d %s", code, body)
		}
		m := decodeMeeting(t, body)
		path := "/api/v1/meetings/" + m.ID
		code, body = e.api("POST", path+"/items", lead, fmt.Sprintf(`{"subject_kind":"child","person_id":%q,"reasons":["New referral"]}`, childID))
		var item meeting.Item
		if code != 201 || json.Unmarshal([]byte(body), &item) != nil {
			t.Fatalf("adding the item: %d %s", code, body)
		}

		code, body = e.api("GET", path+"/assessment-latest", lead, "")
		var latest meeting.Latest
		if code != 200 || json.Unmarshal([]byte(body), &latest) != nil || latest.WorkingDays != 5 {
			t.Fatalf("the latest date: %d %s", code, body)
		}
		cal, err := e.svc.Calendar.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if want := cal.AddWorkingDays(today, 5); latest.LatestDate != want {
			t.Fatalf("latest %s, want %s", latest.LatestDate, want)
		}

		arrange := func(date, key string) (int, string) {
			return e.api("POST", path+"/items/"+item.ID+"/assessment", lead, fmt.Sprintf(`{"date":%q,"time":"10:00","online":true,
				"social_worker_id":%q,"invitees":[{"user_id":%q},{"name":"Wynn Harrow","email":"wynn.harrow@youthjustice.example"}]}`,
				date, worker.ID, officer.ID), "Idempotency-Key", key)
		}
		tooLate := latest.LatestDate.AddDays(1)
		code, body = arrange(tooLate.String(), "late-1")
		if code != 422 || !strings.Contains(body, "Choose a date on or before "+latest.LatestDate.Time(time.UTC).Weekday().String()+" "+latest.LatestDate.Long()) {
			t.Fatalf("a date after the latest: %d %s", code, body)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM meeting_assessments") + countRows(t, e, "SELECT COUNT(*) FROM email_outbox"); n != 0 {
			t.Fatalf("a refused arrangement saved or queued %d rows", n)
		}

		code1, r1 := arrange(latest.LatestDate.String(), "arrange-1")
		code2, r2 := arrange(latest.LatestDate.String(), "arrange-1")
		var a1, a2 meeting.Assessment
		if code1 != 200 || code2 != 200 || json.Unmarshal([]byte(r1), &a1) != nil || json.Unmarshal([]byte(r2), &a2) != nil ||
			a1.ID == "" || a1.ID != a2.ID {
			t.Fatalf("arranging and its retry: %d %d\n%s\n%s", code1, code2, r1, r2)
		}
		if n, err := e.svc.Mail.Deliver(context.Background()); err != nil || n != 3 {
			t.Fatalf("delivered %d: %v", n, err)
		}
		msgs := srv.Wait(t, 3, 10*time.Second)
		var to []string
		wantStart := time.Date(latest.LatestDate.Year, latest.LatestDate.Month, latest.LatestDate.Day, 10, 0, 0, 0, civil.London)
		for _, msg := range msgs {
			to = append(to, msg.To...)
			for _, secret := range []string{given, family, childID} {
				if bytes.Contains(msg.Data, []byte(secret)) {
					t.Errorf("an email carries the child's %q", secret)
				}
			}
			parsed, err := mail.ReadMessage(bytes.NewReader(msg.Data))
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
			if !strings.HasPrefix(subject, "Invitation: initial exploitation assessment") {
				t.Errorf("subject %q", subject)
			}
			var ics []byte
			var text string
			for _, p := range leaves(t, parsed.Header.Get("Content-Type"), parsed.Header.Get("Content-Transfer-Encoding"), parsed.Body) {
				for _, secret := range []string{given, family} {
					if bytes.Contains(p.data, []byte(secret)) {
						t.Errorf("a part (%s) carries the child's %q", p.contentType, secret)
					}
				}
				switch mt, params, _ := mime.ParseMediaType(p.contentType); mt {
				case "text/calendar":
					if params["method"] != "REQUEST" {
						t.Errorf("calendar part type %q", p.contentType)
					}
					ics = p.data
				case "text/plain":
					text = string(p.data)
				}
			}
			if !strings.Contains(text, "https://mace.test.example/meetings/"+m.ID) {
				t.Errorf("the email does not link to the meeting:\n%s", text)
			}
			if ics == nil {
				t.Fatalf("no text/calendar part in the email to %v", msg.To)
			}
			c, err := ical.NewDecoder(bytes.NewReader(ics)).Decode()
			if err != nil {
				t.Fatalf("the invitation does not parse: %v\n%s", err, ics)
			}
			if method, _ := c.Props.Text(ical.PropMethod); method != "REQUEST" {
				t.Errorf("METHOD %q", method)
			}
			events := c.Events()
			if len(events) != 1 {
				t.Fatalf("%d events", len(events))
			}
			ev := events[0]
			start, err := ev.DateTimeStart(civil.London)
			if err != nil || !start.Equal(wantStart) || start.In(civil.London).Format("15:04") != "10:00" {
				t.Errorf("DTSTART %v (%v), want %v", start, err, wantStart)
			}
			if s, _ := ev.Props.Text(ical.PropSummary); s != "Initial exploitation assessment" {
				t.Errorf("SUMMARY %q", s)
			}
			if uid, _ := ev.Props.Text(ical.PropUID); uid != "exploitation-assessment-"+a1.ID+"@mace" {
				t.Errorf("UID %q", uid)
			}
			if d, _ := ev.Props.Text(ical.PropDescription); !strings.Contains(d, "https://mace.test.example/meetings/"+m.ID) {
				t.Errorf("DESCRIPTION %q", d)
			}
			var attendees []string
			for _, p := range ev.Props.Values(ical.PropAttendee) {
				attendees = append(attendees, strings.TrimPrefix(strings.ToLower(p.Value), "mailto:"))
			}
			slices.Sort(attendees)
			if want := []string{officer.Email, worker.Email, "wynn.harrow@youthjustice.example"}; !slices.Equal(attendees, sorted(want)) {
				t.Errorf("attendees %v, want %v", attendees, sorted(want))
			}
		}
		slices.Sort(to)
		if want := sorted([]string{officer.Email, worker.Email, "wynn.harrow@youthjustice.example"}); !slices.Equal(to, want) {
			t.Errorf("sent to %v, want %v", to, want)
		}
		// Delivered once: the retry queued nothing.
		if n, _ := e.svc.Mail.Deliver(context.Background()); n != 0 || len(srv.Messages()) != 3 {
			t.Errorf("a second delivery sent %d more", n)
		}

		// The task is in the social worker's work, due on the date.
		code, body = e.api("GET", "/api/v1/tasks", e.token("practitioner@northfield.example"), "")
		if code != 200 || !strings.Contains(body, a1.TaskID) || !strings.Contains(body, meeting.TaskAssessment) {
			t.Errorf("the social worker's tasks: %d %s", code, body)
		}
		code, body = e.api("GET", path+"/items/"+item.ID+"/assessment", lead, "")
		if code != 200 || !strings.Contains(body, a1.ID) {
			t.Errorf("reading the arrangement: %d %s", code, body)
		}
	})
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	slices.Sort(out)
	return out
}
