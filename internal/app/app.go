// Package app wires the service together: configuration, the database,
// services, routes and the operator commands of the mace binary.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"mace/internal/consultation"
	"mace/internal/meeting"
	"mace/internal/missing"
	"mace/internal/missingimport"
	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/idem"
	"mace/internal/platform/jobs"
	"mace/internal/platform/notify"
	"mace/internal/referral"
	"mace/internal/rhiquality"
	"mace/internal/ssda903"
	"mace/internal/task"
)

// Version is set at build time with -ldflags "-X mace/internal/app.Version=...".
var Version = "development"

// Migrations is every package's schema, in the order they apply.
func Migrations() []db.Migration {
	var ms []db.Migration
	for _, m := range [][]db.Migration{auth.Migrations, audit.Migrations, access.Migrations, people.Migrations,
		idem.Migrations, calendar.Migrations, task.Migrations, referral.Migrations, consultation.Migrations, notify.Migrations, missing.Migrations, missingimport.Migrations, rhiquality.Migrations, philomena.Migrations,
		meeting.Migrations, jobs.Migrations} {
		ms = append(ms, m...)
	}
	slices.SortFunc(ms, func(a, b db.Migration) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return ms
}

const usage = `mace: the multi-agency child exploitation service

Usage:
  mace serve [--addr localhost:8080] [--db FILE|URL] [--demo]   run the service
  mace migrate [--db ...]                                      bring the database schema up to date
  mace user add --email E --name N --org ORG --role R [--role R] [--password-stdin]
  mace user list [--db ...]
  mace token create --user EMAIL [--name NAME]                 print a new API bearer token
  mace audit verify [--audit-key-file F] [--audit-anchor-file F]
                                                               check the audit trail against its key and checkpoints
  mace audit anchor [--audit-key-file F] [--audit-anchor-file F]
                                                               check the trail and append a signed checkpoint
  mace audit key [--id ID]                                     print a new audit key line for the key file
  mace backup --to FILE [--db ...]                             copy a live SQLite database
  mace demo [--size small|region] [--seed N] [--db ...]        generate synthetic demo data
  mace export ssda903-missing --year 2025 [--authority ORG] [--out FILE] [--allow-errors]
                                                               the SSDA903 Missing table as CSV, report on stderr
  mace import missing FILE --as EMAIL [--for AUTHORITY] [--commit] [--db ...]
                                                               import police missing notifications (CSV): preview, or import with --commit
  mace version

Every command that touches data takes --db (or MACE_DB): a SQLite file path
(default ./mace-data/mace.db) or a postgres:// URL.
`

// Run runs one mace command on the machine's clock.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return run(ctx, time.Now, args, getenv, stdin, stdout, stderr)
}

// run runs one mace command, its services on the clock now (tests stop it).
func run(ctx context.Context, now func() time.Time, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("say which command to run")
	}
	e := env(getenv)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, now, rest, e, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, rest, e, stdout)
	case "user":
		return userCmd(ctx, now, rest, e, stdin, stdout)
	case "token":
		return tokenCmd(ctx, now, rest, e, stdout)
	case "audit":
		return auditCmd(ctx, now, rest, e, stdout, stderr)
	case "backup":
		return backupCmd(ctx, rest, e, stdout)
	case "demo":
		return demoCmd(ctx, now, rest, e, stdout)
	case "export":
		return exportCmd(ctx, now, rest, e, stdout, stderr)
	case "import":
		return importCmd(ctx, now, rest, e, stdout)
	case "version":
		fmt.Fprintln(stdout, "mace", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// openDB opens and migrates the database named by --db, and gives every
// person record the match keys of the current key version.
func openDB(ctx context.Context, dsn string) (*db.DB, error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, Migrations()); err != nil {
		d.Close()
		return nil, err
	}
	if _, err := people.RebuildMatchKeys(ctx, d); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// services are the feature services over one database.
type services struct {
	DB       *db.DB
	Audit    *audit.Log
	Auth     *auth.Service
	People   *people.Service
	Calendar *calendar.Service
	Tasks    *task.Service
	Referral *referral.Service
	// Consultations is the log of professionals' calls for advice.
	Consultations *consultation.Service
	Notices       *notify.Notices
	// Missing is children missing from home and care: episodes, return
	// interviews and the repeat-missing trigger.
	Missing *missing.Service
	// Philomena keeps the Philomena Protocol profiles of looked-after
	// children, with their missing history from Missing.
	Philomena *philomena.Service
	// MissingImport imports the police forces' missing notifications.
	MissingImport *missingimport.Importer
	// Quality is the quality audit of return interviews.
	Quality *rhiquality.Service
	// Returns makes the SSDA903 Missing return.
	Returns *ssda903.Service
	// Meetings are the multi-agency meetings: daily meetings, strategy
	// discussions, MACE panels and mapping meetings.
	Meetings *meeting.Service
	// Agendas write the daily meetings' agendas from referrals and
	// missing episodes.
	Agendas *meeting.Agendas
	// Mail queues email; it sends nothing until its SMTP is set (serve
	// sets it from the configuration).
	Mail *notify.Outbox
	// PublicURL is where people reach the service, for links in email.
	PublicURL string
}

func newServices(d *db.DB, now func() time.Time) *services {
	a := audit.New(now)
	au := auth.NewService(d, a, now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: now, Links: personLinks}
	s := &services{
		DB: d, Audit: a, Auth: au,
		People:        ps,
		Calendar:      &calendar.Service{DB: d, Audit: a, Now: now},
		Tasks:         &task.Service{DB: d, Audit: a, Directory: au, Now: now},
		Consultations: &consultation.Service{DB: d, Audit: a, Orgs: au, People: ps, Now: now},
		Notices:       &notify.Notices{DB: d, Now: now},
		Mail:          &notify.Outbox{DB: d, Now: now},
		Philomena:     &philomena.Service{DB: d, Audit: a, People: ps, Now: now},
	}
	s.Referral = &referral.Service{DB: d, Audit: a, Directory: au, People: s.People, Tasks: s.Tasks, Consultations: s.Consultations,
		Calendar: s.Calendar, Settings: referral.DefaultSettings(), Timescales: calendar.DefaultTimescales(), Now: now}
	s.Missing = &missing.Service{DB: d, Audit: a, Directory: au, Tasks: s.Tasks, Calendar: s.Calendar,
		Timescales: calendar.DefaultTimescales(), Now: now}
	s.Meetings = &meeting.Service{DB: d, Audit: a, Directory: au, Tasks: s.Tasks, Calendar: s.Calendar,
		Timescales: calendar.DefaultTimescales(), Now: now}
	s.Meetings.Convener = meetingConvener{s.Tasks}
	s.Agendas = &meeting.Agendas{Meetings: s.Meetings, Sources: agendaSources{referrals: s.Referral, missing: s.Missing, auth: au}}
	s.Philomena.Missing = philomenaMissing{s.Missing, now}
	s.MissingImport = &missingimport.Importer{Svc: s.Missing, People: s.People, Users: au}
	s.Quality = &rhiquality.Service{DB: d, Audit: a, Missing: s.Missing, Now: now}
	s.Returns = &ssda903.Service{DB: d, Audit: a, Directory: au, Missing: s.Missing, Now: now}
	s.Referral.Notify = referralNotifier{s}
	s.Meetings.Mail = meetingMail{s}
	s.Referral.Matcher = referralMatcher{s.People}
	return s
}

func newFlags(name string) *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }

// openDBOnly opens the database without migrating it.
func openDBOnly(ctx context.Context, dsn string) (*db.DB, error) { return db.Open(ctx, dsn) }

// randomPassword is a new password for a user added on the command line:
// 20 characters from an alphabet without look-alikes.
func randomPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
