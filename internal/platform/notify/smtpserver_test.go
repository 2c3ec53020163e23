package notify_test

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

// mailServer is a real SMTP server (go-smtp) on 127.0.0.1, with STARTTLS
// or implicit TLS from a certificate made for the test, and AUTH PLAIN.
type mailServer struct {
	addr     string
	client   *tls.Config // trusts the server's certificate
	user     string
	password string

	mu       sync.Mutex
	received []received
	// refuseData answers DATA with this error while it is positive
	// (counting down); refuseRcpt answers every RCPT with it.
	refuseData int
	dataErr    *smtp.SMTPError
	refuseRcpt *smtp.SMTPError
	dataDelay  time.Duration
}

type received struct {
	from   string
	to     []string
	data   []byte
	tls    bool
	authAs string
}

// serverOptions choose how the test server behaves.
type serverOptions struct {
	implicitTLS bool // TLS from the start instead of STARTTLS
	noTLS       bool // offer no TLS at all
	noAuth      bool // accept mail without AUTH
}

func newMailServer(t *testing.T, o serverOptions) *mailServer {
	t.Helper()
	cert, pool := testCertificate(t)
	m := &mailServer{client: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, user: "mace-sender", password: "synthetic smtp password"}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{m: m, c: c, noAuth: o.noAuth}, nil
	}))
	s.Domain = "mail.test.example"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.MaxMessageBytes = 20 << 20
	s.ErrorLog = nopLogger{}
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if !o.noTLS && !o.implicitTLS {
		s.TLSConfig = serverTLS
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicitTLS {
		ln = tls.NewListener(ln, serverTLS)
	}
	m.addr = ln.Addr().String()
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { s.Close() })
	return m
}

// config is the client's configuration for this server.
func (m *mailServer) config(mode string) *notify.SMTP {
	c := &notify.SMTP{Addr: m.addr, From: "Mace service <no-reply@northfield.example>", TLS: mode,
		Timeout: 10 * time.Second, TLSConfig: m.client}
	if mode != notify.TLSNone {
		c.Username, c.Password = m.user, m.password
	}
	return c
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.received...)
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

type session struct {
	m      *mailServer
	c      *smtp.Conn
	noAuth bool
	authAs string
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.m.user || password != s.m.password {
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
	if s.m.dataDelay > 0 {
		time.Sleep(s.m.dataDelay)
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if s.m.refuseData > 0 {
		s.m.refuseData--
		return s.m.dataErr
	}
	_, isTLS := s.c.TLSConnectionState()
	s.m.received = append(s.m.received, received{from: s.from, to: s.to, data: b, tls: isTLS, authAs: s.authAs})
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// testCertificate makes a self-signed certificate for 127.0.0.1 and a pool
// that trusts it.
func testCertificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
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
