// Package smtptest is a real SMTP server for tests, built on
// github.com/emersion/go-smtp: it listens on 127.0.0.1, offers STARTTLS or
// implicit TLS with a certificate made for the test, asks for AUTH PLAIN,
// and keeps every message it accepts so the test can look at it. It can be
// told to refuse or slow down deliveries. Only tests use it.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"mace/internal/platform/notify"
)

// From is the sender that Config gives the client.
const From = "Mace service <no-reply@northfield.example>"

// Options choose how the server behaves. The zero value offers STARTTLS
// and requires AUTH.
type Options struct {
	ImplicitTLS bool // TLS from the start instead of STARTTLS
	NoTLS       bool // offer no TLS at all
	NoAuth      bool // accept mail without AUTH
}

// Message is one message the server accepted.
type Message struct {
	From   string   // envelope sender (MAIL FROM)
	To     []string // envelope recipients (RCPT TO)
	Data   []byte   // the message as sent after DATA
	TLS    bool     // whether the connection was encrypted
	AuthAs string   // the user that authenticated, "" if none
}

// Server is a running SMTP server. Its exported fields are fixed once New
// returns; the behaviour knobs are set through its methods, which are safe
// to call while mail is being delivered.
type Server struct {
	Addr      string      // host:port it listens on
	ClientTLS *tls.Config // a client configuration that trusts its certificate
	User      string      // the only user AUTH accepts
	Password  string      // and that user's password

	mu         sync.Mutex
	received   []Message
	arrived    chan struct{} // closed and replaced whenever a message arrives
	refuseData int
	dataErr    *smtp.SMTPError
	refuseRcpt *smtp.SMTPError
	dataDelay  time.Duration
}

// New starts a server on 127.0.0.1 with a free port; it is closed when the
// test ends.
func New(t testing.TB, o Options) *Server {
	t.Helper()
	cert, pool := certificate(t)
	m := &Server{
		ClientTLS: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		User:      "mace-sender",
		Password:  "synthetic smtp password",
		arrived:   make(chan struct{}),
	}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{m: m, c: c, noAuth: o.NoAuth}, nil
	}))
	s.Domain = "mail.test.example"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.MaxMessageBytes = 20 << 20
	s.ErrorLog = nopLogger{}
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if !o.NoTLS && !o.ImplicitTLS {
		s.TLSConfig = serverTLS
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.ImplicitTLS {
		ln = tls.NewListener(ln, serverTLS)
	}
	m.Addr = ln.Addr().String()
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { s.Close() })
	return m
}

// Config is a client configuration for this server in the given TLS mode
// (notify.TLSStartTLS, notify.TLSImplicit or notify.TLSNone), sending as
// From. It carries the credentials unless the mode is notify.TLSNone.
// Each call returns a new value the test may change.
func (m *Server) Config(mode string) *notify.SMTP {
	c := &notify.SMTP{Addr: m.Addr, From: From, TLS: mode,
		Timeout: 10 * time.Second, TLSConfig: m.ClientTLS}
	if mode != notify.TLSNone {
		c.Username, c.Password = m.User, m.Password
	}
	return c
}

// Messages returns the messages accepted so far, in order.
func (m *Server) Messages() []Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Message(nil), m.received...)
}

// Wait waits until at least n messages have been accepted and returns them
// all; the test fails at once if they have not arrived within timeout.
func (m *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		m.mu.Lock()
		got, arrived := len(m.received), m.arrived
		m.mu.Unlock()
		if got >= n {
			return m.Messages()
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("smtptest: %d messages arrived within %v, want %d", got, timeout, n)
			return nil
		}
	}
}

// RefuseData answers the next n DATA commands with err, which should not be
// nil; n <= 0 stops refusing.
func (m *Server) RefuseData(n int, err *smtp.SMTPError) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refuseData, m.dataErr = n, err
}

// RefuseRcpt answers every RCPT command with err; nil accepts them again.
func (m *Server) RefuseRcpt(err *smtp.SMTPError) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refuseRcpt = err
}

// DelayData makes the server wait d after reading each message before it
// answers, so that deliveries overlap.
func (m *Server) DelayData(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dataDelay = d
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

type session struct {
	m      *Server
	c      *smtp.Conn
	noAuth bool
	authAs string
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.m.User || password != s.m.Password {
			return errors.New("invalid credentials")
		}
		s.authAs = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.noAuth && s.authAs == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.refuseRcpt != nil {
		return s.m.refuseRcpt
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	delay := s.m.dataDelay
	s.m.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.refuseData > 0 {
		s.m.refuseData--
		return s.m.dataErr
	}
	_, isTLS := s.c.TLSConnectionState()
	s.m.received = append(s.m.received, Message{From: s.from, To: s.to, Data: b, TLS: isTLS, AuthAs: s.authAs})
	close(s.m.arrived)
	s.m.arrived = make(chan struct{})
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1 and a pool
// that trusts it.
func certificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mail.test.example"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
