// Package notify tells people about things: email over SMTP through a
// transactional outbox, notices shown in the service, and iCalendar
// invitations for calendar programs. It knows nothing about children,
// referrals or meetings: features decide what to say and to whom.
package notify

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/errs"
)

// Email is one message to queue. Text is required; HTML, when given, is
// sent beside it as an alternative. Neither is ever logged.
type Email struct {
	To          []string // addresses, "a@example.org" or "Name <a@example.org>"
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
}

// Attachment is a file sent with an email. An iCalendar invitation is an
// attachment named "invitation.ics" of type CalendarType.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// CalendarType is the content type of an invitation from Invitation.
const CalendarType = "text/calendar; method=REQUEST; charset=utf-8"

// Limits on a queued email.
const (
	MaxRecipients   = 50
	MaxSubjectRunes = 250
	MaxEmailBytes   = 10 << 20 // bodies and attachments together
	maxAddressBytes = 400      // a display name and address
)

// ErrHeaderInjection is wrapped by the error for a subject, address or
// attachment name holding a line break, which could smuggle in headers.
var ErrHeaderInjection = errs.E(errs.Invalid, "a line break in an email header")

func invalid(format string, args ...any) error {
	return &errs.Error{Kind: errs.Invalid, Message: "email: " + fmt.Sprintf(format, args...)}
}

func injection(what string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "email: the " + what + " contains a line break, which is not allowed in an email header",
		Err: ErrHeaderInjection}
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

// parseRecipients checks the addresses of m (the messages say which one by
// position, never the address itself: errors may be logged).
func parseRecipients(to []string) ([]*mail.Address, error) {
	if len(to) == 0 {
		return nil, invalid("no recipient")
	}
	if len(to) > MaxRecipients {
		return nil, invalid("%d recipients, more than the %d allowed", len(to), MaxRecipients)
	}
	var out []*mail.Address
	for i, s := range to {
		if hasLineBreak(s) {
			return nil, injection(fmt.Sprintf("address of recipient %d", i+1))
		}
		a, err := mail.ParseAddress(s)
		if len(s) > maxAddressBytes || err != nil || !strings.Contains(a.Address, "@") {
			return nil, invalid("recipient %d is not a valid email address", i+1)
		}
		out = append(out, a)
	}
	return out, nil
}

// validate checks m and returns its parsed recipients.
func (m Email) validate() ([]*mail.Address, error) {
	to, err := parseRecipients(m.To)
	if err != nil {
		return nil, err
	}
	switch {
	case hasLineBreak(m.Subject):
		return nil, injection("subject")
	case strings.TrimSpace(m.Subject) == "":
		return nil, invalid("the subject is empty")
	case !utf8.ValidString(m.Subject) || utf8.RuneCountInString(m.Subject) > MaxSubjectRunes:
		return nil, invalid("the subject should be valid text of at most %d characters", MaxSubjectRunes)
	case strings.TrimSpace(m.Text) == "":
		return nil, invalid("the plain text body is empty")
	case !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML):
		return nil, invalid("the body is not valid UTF-8 text")
	}
	size := len(m.Text) + len(m.HTML)
	for i, a := range m.Attachments {
		size += len(a.Data)
		if hasLineBreak(a.Name) || hasLineBreak(a.ContentType) {
			return nil, injection(fmt.Sprintf("name or type of attachment %d", i+1))
		}
		if strings.TrimSpace(a.Name) == "" || !utf8.ValidString(a.Name) || strings.ContainsAny(a.Name, "/\\\x00") {
			return nil, invalid("attachment %d needs a file name without slashes", i+1)
		}
		if _, _, err := mime.ParseMediaType(a.ContentType); err != nil {
			return nil, invalid("attachment %d has no valid content type", i+1)
		}
	}
	if size > MaxEmailBytes {
		return nil, invalid("the message is larger than %d MiB", MaxEmailBytes>>20)
	}
	return to, nil
}

// Validate reports whether m could be queued.
func (m Email) Validate() error {
	_, err := m.validate()
	return err
}

// build writes the whole message: headers (encoded where not ASCII), the
// text in quoted-printable, the HTML beside it as an alternative, and
// attachments in base64. Every line ends in CRLF and the result is ASCII.
func build(from *mail.Address, to []*mail.Address, messageID string, date time.Time, m Email) ([]byte, error) {
	var b bytes.Buffer
	h := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	h("From", foldWords(from.String()))
	var tos []string
	for _, a := range to {
		tos = append(tos, foldWords(a.String()))
	}
	h("To", strings.Join(tos, ",\r\n "))
	h("Subject", encodeHeader(strings.TrimSpace(m.Subject)))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", messageID)
	h("MIME-Version", "1.0")
	// RFC 3834: automatic replies (out of office) should not answer.
	h("Auto-Submitted", "auto-generated")
	body, ctype, err := bodyPart(m)
	if err != nil {
		return nil, err
	}
	if len(m.Attachments) == 0 {
		for _, k := range sortedKeys(ctype) {
			h(k, ctype.Get(k))
		}
		b.WriteString("\r\n")
		b.Write(body)
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	h("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	pw, err := mw.CreatePart(ctype)
	if err != nil {
		return nil, err
	}
	if _, err := pw.Write(body); err != nil {
		return nil, err
	}
	for _, a := range m.Attachments {
		ph := textproto.MIMEHeader{}
		mt, params, _ := mime.ParseMediaType(a.ContentType)
		params["name"] = a.Name
		ph.Set("Content-Type", mime.FormatMediaType(mt, params))
		ph.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
		ph.Set("Content-Transfer-Encoding", "base64")
		pw, err := mw.CreatePart(ph)
		if err != nil {
			return nil, err
		}
		if _, err := pw.Write(base64Lines(a.Data)); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeHeader encodes a header value that is not plain ASCII as
// RFC 2047 words, one a line, so that no line grows past the limit.
func encodeHeader(s string) string {
	enc := mime.QEncoding.Encode("utf-8", s)
	if enc == s {
		return s
	}
	return foldWords(enc)
}

// foldWords puts each of a run of encoded words on a line of its own.
func foldWords(s string) string { return strings.ReplaceAll(s, "?= =?", "?=\r\n =?") }

// bodyPart is the text, or the text and HTML as alternatives, with the
// headers that describe it.
func bodyPart(m Email) ([]byte, textproto.MIMEHeader, error) {
	text, err := qp(m.Text)
	if err != nil {
		return nil, nil, err
	}
	th := textproto.MIMEHeader{}
	th.Set("Content-Type", "text/plain; charset=utf-8")
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	if m.HTML == "" {
		return text, th, nil
	}
	html, err := qp(m.HTML)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range []struct {
		typ  string
		body []byte
	}{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", html}} {
		ph := textproto.MIMEHeader{}
		ph.Set("Content-Type", p.typ)
		ph.Set("Content-Transfer-Encoding", "quoted-printable")
		w, err := mw.CreatePart(ph)
		if err != nil {
			return nil, nil, err
		}
		if _, err := w.Write(p.body); err != nil {
			return nil, nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	ah := textproto.MIMEHeader{}
	ah.Set("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	return b.Bytes(), ah, nil
}

// qp encodes s as quoted-printable with CRLF line ends.
func qp(s string) ([]byte, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// base64Lines is data in base64, 76 characters a line.
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

func sortedKeys(h textproto.MIMEHeader) []string {
	// Content-Type first, then Content-Transfer-Encoding: only these two
	// appear.
	var out []string
	for _, k := range []string{"Content-Type", "Content-Transfer-Encoding"} {
		if h.Get(k) != "" {
			out = append(out, k)
		}
	}
	return out
}
