package app

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/notify"
)

// Config is read once, from flags and MACE_* environment variables (flags
// win), and checked before anything starts.
type Config struct {
	DB         string
	Addr       string
	Demo       bool
	DemoSeed   uint64
	TrustProxy bool
	// MetricsAddr, when set, is a second address serving only /metrics
	// (for a private network); MetricsToken, when set, lets a scraper
	// sending it as a bearer token read /metrics on the main address.
	// Without either, /metrics is not served.
	MetricsAddr, MetricsToken string
	LogLevel                  string
	SessionIdle               time.Duration
	SessionMax                time.Duration
	MaxBody                   int64
	// Drain is how long stopping waits for the requests in progress to
	// finish before cutting them off: by default the longest a request may
	// take (the write timeout).
	Drain time.Duration
	// SMTP is the mail server; nil when MACE_SMTP_ADDR is not set, and
	// then no email is sent (notices in the service still are).
	SMTP *notify.SMTP
	// PublicURL is the address people use to reach the service, for links
	// in email; without it, email says to sign in instead.
	PublicURL string
	// Settings are the partnership's own timescales and front-door lists.
	Settings Settings
	// Audit is where the audit key and the trail's checkpoints are kept.
	Audit auditConfig
}

// auditConfig is where the audit key and the trail's checkpoints are kept.
type auditConfig struct {
	// KeyFile holds the audit keys, one a line, the current one last.
	KeyFile string
	// Keys are read from KeyFile at start; nil without one.
	Keys *audit.Keys
	// AnchorFiles receive the signed checkpoints, one JSON line each,
	// appended (serve and `audit anchor` write to the first; `audit
	// verify` reads them all).
	AnchorFiles multi
	// AnchorEvery is how often serve checks the trail and writes a
	// checkpoint.
	AnchorEvery time.Duration
	// fromFlag: --audit-anchor-file was given, replacing the
	// environment's file.
	fromFlag bool
}

// auditFlags adds the audit key and anchor settings to a command's flags.
func auditFlags(fs *flag.FlagSet, getenv env, p *problems, c *auditConfig) {
	fs.StringVar(&c.KeyFile, "audit-key-file", getenv.str("MACE_AUDIT_KEY_FILE", ""),
		"file of the audit keys, \"ID SECRET\" a line, the current key last (env MACE_AUDIT_KEY_FILE)")
	if f := getenv.str("MACE_AUDIT_ANCHOR_FILE", ""); f != "" {
		c.AnchorFiles = multi{f}
	}
	fs.Func("audit-anchor-file", "append-only file of the trail's signed checkpoints (env MACE_AUDIT_ANCHOR_FILE)", func(v string) error {
		if !c.fromFlag {
			c.AnchorFiles, c.fromFlag = nil, true
		}
		return c.AnchorFiles.Set(v)
	})
	fs.DurationVar(&c.AnchorEvery, "audit-anchor-every", getenv.duration(p, "MACE_AUDIT_ANCHOR_EVERY", time.Hour),
		"how often the server checks the trail and writes a checkpoint (env MACE_AUDIT_ANCHOR_EVERY)")
}

// check reads the key file, after the flags are parsed.
func (c *auditConfig) check(p *problems) {
	if c.AnchorEvery < time.Minute {
		p.add("--audit-anchor-every %s should be at least a minute", c.AnchorEvery)
	}
	if c.KeyFile == "" {
		return
	}
	ks, err := audit.LoadKeys(c.KeyFile)
	if err != nil {
		p.add("%s", err)
		return
	}
	c.Keys = ks
}

// minMetricsToken is the shortest metrics token accepted.
const minMetricsToken = 20

// DefaultDB is where the embedded database lives unless told otherwise.
const DefaultDB = "./mace-data/mace.db"

type env func(string) string

func (e env) str(name, def string) string {
	if v := strings.TrimSpace(e(name)); v != "" {
		return v
	}
	return def
}

// problems collects configuration errors so all are reported at once.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New("configuration problems:\n  - " + strings.Join(p, "\n  - "))
}

func (e env) duration(p *problems, name string, def time.Duration) time.Duration {
	v := e(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		p.add("%s=%q is not a positive duration (e.g. 30m, 12h)", name, v)
		return def
	}
	return d
}

func (e env) boolean(p *problems, name string) bool {
	v := e(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.add("%s=%q should be true or false", name, v)
	}
	return b
}

// dbFlag adds --db to a command's flags.
func dbFlag(fs *flag.FlagSet, getenv env, dst *string) {
	fs.StringVar(dst, "db", getenv.str("MACE_DB", DefaultDB),
		"SQLite file path or postgres:// URL (env MACE_DB)")
}

// serveConfig reads the configuration of `mace serve`.
func serveConfig(args []string, getenv env) (Config, error) {
	var c Config
	var p problems
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dbFlag(fs, getenv, &c.DB)
	fs.StringVar(&c.Addr, "addr", getenv.str("MACE_ADDR", "localhost:8080"), "address to listen on (env MACE_ADDR)")
	fs.BoolVar(&c.Demo, "demo", getenv.boolean(&p, "MACE_DEMO"), "on an empty database, create the demo partnership and caseload (env MACE_DEMO)")
	fs.Uint64Var(&c.DemoSeed, "demo-seed", 1, "seed for the demo data")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", getenv.boolean(&p, "MACE_TRUST_PROXY"), "take client addresses from X-Forwarded-For (behind a load balancer) (env MACE_TRUST_PROXY)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", getenv.str("MACE_METRICS_ADDR", ""), "serve /metrics (only) on this host:port too, for a private network (env MACE_METRICS_ADDR)")
	// The token is never a flag: flags show in process lists.
	c.MetricsToken = strings.TrimSpace(getenv("MACE_METRICS_TOKEN"))
	fs.StringVar(&c.LogLevel, "log-level", getenv.str("MACE_LOG_LEVEL", "info"), "debug, info, warn or error (env MACE_LOG_LEVEL)")
	fs.DurationVar(&c.SessionIdle, "session-idle", getenv.duration(&p, "MACE_SESSION_IDLE", 30*time.Minute), "sign out after this long without a request (env MACE_SESSION_IDLE)")
	fs.DurationVar(&c.SessionMax, "session-max", getenv.duration(&p, "MACE_SESSION_MAX", 12*time.Hour), "sign out this long after signing in (env MACE_SESSION_MAX)")
	var smtp notify.SMTP
	fs.StringVar(&smtp.Addr, "smtp-addr", getenv.str("MACE_SMTP_ADDR", ""), "mail server host:port; email is sent only when set (env MACE_SMTP_ADDR)")
	fs.StringVar(&smtp.From, "smtp-from", getenv.str("MACE_SMTP_FROM", ""), "address email is sent from (env MACE_SMTP_FROM)")
	fs.StringVar(&smtp.Username, "smtp-username", getenv.str("MACE_SMTP_USERNAME", ""), "user name for the mail server; the password is read from MACE_SMTP_PASSWORD only (env MACE_SMTP_USERNAME)")
	fs.StringVar(&smtp.TLS, "smtp-tls", getenv.str("MACE_SMTP_TLS", notify.TLSStartTLS), "starttls, tls or none (env MACE_SMTP_TLS)")
	fs.StringVar(&c.PublicURL, "public-url", getenv.str("MACE_PUBLIC_URL", ""), "the service's address as people reach it, like https://mace.example.gov.uk, for links in email (env MACE_PUBLIC_URL)")
	settingsFile := getenv.str("MACE_SETTINGS", "")
	fs.StringVar(&settingsFile, "settings", settingsFile, "JSON file of the partnership's timescales, indicators and risk levels (env MACE_SETTINGS)")
	// The password is never a flag: flags show in process lists.
	smtp.Password = getenv("MACE_SMTP_PASSWORD")
	auditFlags(fs, getenv, &p, &c.Audit)
	fs.DurationVar(&c.Drain, "drain", getenv.duration(&p, "MACE_DRAIN", writeTimeout),
		"on stopping, how long to let requests in progress finish before cutting them off (env MACE_DRAIN)")
	maxBody := getenv.str("MACE_MAX_BODY_BYTES", "2097152")
	fs.StringVar(&maxBody, "max-body-bytes", maxBody, "largest request body accepted (env MACE_MAX_BODY_BYTES)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		p.add("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		p.add("--addr %q should be host:port, like localhost:8080 or :8080", c.Addr)
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			p.add("--metrics-addr %q should be host:port, like 10.0.0.5:9100", c.MetricsAddr)
		} else if c.MetricsAddr == c.Addr {
			p.add("--metrics-addr should differ from --addr")
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < minMetricsToken {
		p.add("MACE_METRICS_TOKEN should be at least %d characters, random, like the output of `openssl rand -hex 32`", minMetricsToken)
	}
	if c.DB == "" {
		p.add("--db is empty: give a SQLite file path or a postgres:// URL")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		p.add("--log-level %q should be debug, info, warn or error", c.LogLevel)
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		p.add("session timeouts must be positive, and the idle timeout (%s) no longer than the maximum (%s)", c.SessionIdle, c.SessionMax)
	}
	if c.Drain <= 0 {
		p.add("--drain %s should be a positive duration, like 2m", c.Drain)
	}
	n, err := strconv.ParseInt(maxBody, 10, 64)
	if err != nil || n < 1024 {
		p.add("the largest request body %q should be a number of bytes, at least 1024", maxBody)
	}
	c.MaxBody = n
	c.Audit.check(&p)
	if c.Settings, err = loadSettings(settingsFile); err != nil {
		p.add("%s", err)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			p.add("--public-url %q should be the service's address, like https://mace.example.gov.uk", c.PublicURL)
		}
		c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	}
	switch {
	case smtp.Addr != "":
		if err := smtp.Check(); err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				p.add("%s", line)
			}
		}
		c.SMTP = &smtp
	case smtp.From != "" || smtp.Username != "" || smtp.Password != "":
		p.add("MACE_SMTP_FROM, MACE_SMTP_USERNAME or MACE_SMTP_PASSWORD is set but MACE_SMTP_ADDR is not: set the mail server's host:port to send email, or unset them")
	}
	return c, p.err()
}
