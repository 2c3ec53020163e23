package notify

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strings"
	"time"
)

// TLS modes of the connection to the SMTP server.
const (
	// TLSStartTLS upgrades the connection with STARTTLS and refuses to
	// send if the server does not offer it (the default; port 587).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the start (port 465).
	TLSImplicit = "tls"
	// TLSNone sends without encryption, for a relay on the same host or
	// a private network. No password is sent this way.
	TLSNone = "none"
)

// SMTP is how to reach the mail server.
type SMTP struct {
	Addr     string // host:port
	From     string // "a@example.org" or "Name <a@example.org>"
	Username string // AUTH PLAIN when set
	Password string
	TLS      string // TLSStartTLS (when empty), TLSImplicit or TLSNone
	// Timeout bounds connecting, and separately the whole conversation
	// for one message (a minute when zero).
	Timeout time.Duration
	// TLSConfig, when set, is used for the connection (tests give their
	// own certificate authority); the server name is filled in.
	TLSConfig *tls.Config
}

// Check reports every problem with the settings, one a line (errors.Join),
// in words an operator can act on, naming the environment variables.
func (c SMTP) Check() error {
	var p []error
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || port == "" {
		p = append(p, fmt.Errorf("MACE_SMTP_ADDR %q should be host:port, like smtp.example.org:587", c.Addr))
	}
	if c.From == "" {
		p = append(p, errors.New("MACE_SMTP_FROM is not set: give the address email is sent from"))
	} else if a, err := mail.ParseAddress(c.From); err != nil || hasLineBreak(c.From) || !strings.Contains(a.Address, "@") {
		p = append(p, fmt.Errorf("MACE_SMTP_FROM %q is not a valid email address", c.From))
	}
	switch c.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		p = append(p, fmt.Errorf("MACE_SMTP_TLS %q should be starttls, tls or none", c.TLS))
	}
	if (c.Username == "") != (c.Password == "") {
		p = append(p, errors.New("MACE_SMTP_USERNAME and MACE_SMTP_PASSWORD go together: set both or neither"))
	}
	if c.Username != "" && c.TLS == TLSNone {
		p = append(p, errors.New("MACE_SMTP_USERNAME is set with MACE_SMTP_TLS=none: the password would cross the network unencrypted; use starttls or tls"))
	}
	return errors.Join(p...)
}

func (c SMTP) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return time.Minute
}

func (c SMTP) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.TLSConfig != nil {
		cfg = c.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	return cfg
}

// sendError is a failed delivery: at which step, and the server's reply
// code when it gave one. Its Summary is safe to log: a server's reply text
// may quote a recipient's address and is kept only on the outbox row.
type sendError struct {
	step string
	code int
	err  error
}

func (e *sendError) Error() string { return e.step + ": " + e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// Permanent reports whether the server refused for good (a 5xx reply to
// the message or its recipients), so that trying again cannot help.
func (e *sendError) Permanent() bool {
	return e.code >= 500 && (e.step == "RCPT" || e.step == "DATA" || e.step == "MAIL")
}

// Summary says what failed without the server's words.
func (e *sendError) Summary() string {
	if e.code != 0 {
		return fmt.Sprintf("%s refused with %d", e.step, e.code)
	}
	if e.step == "RCPT" || e.step == "DATA" {
		return e.step + " failed"
	}
	return e.Error()
}

func stepErr(step string, err error) error {
	se := &sendError{step: step, err: err}
	var te *textproto.Error
	if errors.As(err, &te) {
		se.code = te.Code
	}
	return se
}

// helloName is what the client calls itself in EHLO.
func helloName() string {
	if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") && !strings.ContainsAny(h, " \r\n") {
		return h
	}
	return "localhost"
}

// send delivers one message from sender to recipients over a new
// connection. It reports how many recipients the server refused for good
// (it sends to the rest).
func (c SMTP) send(sender string, recipients []string, msg []byte) (refused int, err error) {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return 0, stepErr("connect", err)
	}
	d := &net.Dialer{Timeout: c.timeout()}
	var conn net.Conn
	if c.TLS == TLSImplicit {
		conn, err = tls.DialWithDialer(d, "tcp", c.Addr, c.tlsConfig(host))
	} else {
		conn, err = d.Dial("tcp", c.Addr)
	}
	if err != nil {
		return 0, stepErr("connect", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(c.timeout())); err != nil {
		return 0, stepErr("connect", err)
	}
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		return 0, stepErr("greeting", err)
	}
	defer cl.Close()
	if err := cl.Hello(helloName()); err != nil {
		return 0, stepErr("EHLO", err)
	}
	if c.TLS == "" || c.TLS == TLSStartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return 0, stepErr("STARTTLS", errors.New("the server does not offer STARTTLS; set MACE_SMTP_TLS=tls for a server that speaks TLS from the start, or none to send unencrypted"))
		}
		if err := cl.StartTLS(c.tlsConfig(host)); err != nil {
			return 0, stepErr("STARTTLS", err)
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return 0, stepErr("AUTH", err)
		}
	}
	if err := cl.Mail(sender); err != nil {
		return 0, stepErr("MAIL", err)
	}
	var lastRefusal error
	for _, r := range recipients {
		if err := cl.Rcpt(r); err != nil {
			se := stepErr("RCPT", err).(*sendError)
			if !se.Permanent() {
				return 0, se
			}
			refused++
			lastRefusal = se
		}
	}
	if refused == len(recipients) {
		return refused, lastRefusal
	}
	w, err := cl.Data()
	if err != nil {
		return refused, stepErr("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return refused, stepErr("DATA", err)
	}
	if err := w.Close(); err != nil {
		return refused, stepErr("DATA", err)
	}
	// The message is accepted: a failed QUIT changes nothing.
	_ = cl.Quit()
	return refused, nil
}
