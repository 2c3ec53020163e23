package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

// parse reads a command's flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return nil
}

func migrateCmd(ctx context.Context, args []string, e env, out io.Writer) error {
	fs := newFlags("migrate")
	var dsn string
	dbFlag(fs, e, &dsn)
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := openDBOnly(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx, Migrations())
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(out, "The database schema is up to date.")
	}
	for _, id := range applied {
		fmt.Fprintln(out, "applied", id)
	}
	n, err := people.RebuildMatchKeys(ctx, d)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(out, "rebuilt the match keys of %d person records\n", n)
	}
	return nil
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func userCmd(ctx context.Context, now func() time.Time, args []string, e env, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("say `user add` or `user list`")
	}
	fs := newFlags("user " + args[0])
	var dsn, email, name, org, password string
	var roles, teams multi
	var fromStdin bool
	dbFlag(fs, e, &dsn)
	switch args[0] {
	case "add":
		fs.StringVar(&email, "email", "", "email address (signs in with it)")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&org, "org", "", "organisation name (created as a local authority if absent, with --org-type to choose)")
		orgType := fs.String("org-type", string(auth.LocalAuthority), "type of a new organisation")
		fs.Var(&roles, "role", "a role (repeat for several): "+roleList())
		fs.Var(&teams, "team", "a team name in the organisation (repeat for several)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input instead of generating one")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		s, closeFn, err := open(ctx, dsn, now, e)
		if err != nil {
			return err
		}
		defer closeFn()
		if fromStdin {
			line, err := bufio.NewReader(in).ReadString('\n')
			if err != nil && line == "" {
				return errors.New("no password on standard input")
			}
			password = strings.TrimRight(line, "\r\n")
		} else {
			password = randomPassword()
		}
		o, err := findOrCreateOrg(ctx, s.Auth, org, auth.OrgType(*orgType))
		if err != nil {
			return err
		}
		var teamIDs []string
		ts, err := s.Auth.ListTeams(ctx, o.ID)
		if err != nil {
			return err
		}
	next:
		for _, tn := range teams {
			for _, t := range ts {
				if strings.EqualFold(t.Name, tn) {
					teamIDs = append(teamIDs, t.ID)
					continue next
				}
			}
			t, err := s.Auth.CreateTeam(ctx, o.ID, tn, "")
			if err != nil {
				return describe(err)
			}
			teamIDs = append(teamIDs, t.ID)
		}
		var rs []auth.Role
		for _, r := range roles {
			rs = append(rs, auth.Role(r))
		}
		u, err := s.Auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: o.ID,
			Password: password, Roles: rs, TeamIDs: teamIDs, Active: true})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(out, "Added %s (%s) at %s.\n", u.Email, u.ID, o.Name)
		if !fromStdin {
			fmt.Fprintf(out, "Password: %s\n", password)
		}
		return nil
	case "list":
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		s, closeFn, err := open(ctx, dsn, now, e)
		if err != nil {
			return err
		}
		defer closeFn()
		users, err := s.Auth.ListUsers(ctx, "")
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tORGANISATION\tROLES\tACTIVE")
		for _, u := range users {
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", u.Email, u.Name, u.Organisation.Name, strings.Join(rs, ","), u.Active)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown command `user %s`: say `user add` or `user list`", args[0])
}

func roleList() string {
	var rs []string
	for _, r := range auth.Roles {
		rs = append(rs, string(r.Role))
	}
	return strings.Join(rs, ", ")
}

func findOrCreateOrg(ctx context.Context, a *auth.Service, name string, t auth.OrgType) (auth.Organisation, error) {
	if strings.TrimSpace(name) == "" {
		return auth.Organisation{}, errors.New("--org is required: the organisation the user works for")
	}
	orgs, err := a.ListOrganisations(ctx)
	if err != nil {
		return auth.Organisation{}, err
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Name, strings.TrimSpace(name)) {
			return o, nil
		}
	}
	o, err := a.CreateOrganisation(ctx, name, t)
	return o, describe(err)
}

// describe turns a validation error into one line per problem.
func describe(err error) error {
	if err == nil {
		return nil
	}
	fields := errs.Fields(err)
	if len(fields) == 0 {
		return err
	}
	var lines []string
	for _, f := range fields {
		lines = append(lines, "--"+strings.ReplaceAll(f.Field, "_", "-")+": "+f.Message)
	}
	return errors.New(strings.Join(lines, "\n"))
}

func tokenCmd(ctx context.Context, now func() time.Time, args []string, e env, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("say `token create --user EMAIL`")
	}
	fs := newFlags("token create")
	var dsn, email, name string
	dbFlag(fs, e, &dsn)
	fs.StringVar(&email, "user", "", "email of the user the token acts as")
	fs.StringVar(&name, "name", "", "what the token is for (default: command line)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if email == "" {
		return errors.New("--user is required: the email of the user the token acts as")
	}
	s, closeFn, err := open(ctx, dsn, now, e)
	if err != nil {
		return err
	}
	defer closeFn()
	u, err := s.Auth.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("no user with the email %s", email)
	}
	if name == "" {
		name = "created on the command line " + civil.InLondon(now()).String()
	}
	tok, _, err := s.Auth.CreateToken(ctx, u.ID, name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(out, tok)
	return nil
}

func auditCmd(ctx context.Context, now func() time.Time, args []string, e env, out, errOut io.Writer) error {
	if len(args) == 0 {
		return errors.New("say `audit verify`, `audit anchor` or `audit key`")
	}
	fs := newFlags("audit " + args[0])
	var p problems
	var dsn string
	var ac auditConfig
	switch args[0] {
	case "key":
		id := fs.String("id", civil.InLondon(now()).String(), "the new key's id, recorded on every event made with it")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		line, err := audit.NewKeyLine(*id)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, line)
		return nil
	case "verify", "anchor":
		dbFlag(fs, e, &dsn)
		auditFlags(fs, e, &p, &ac)
	default:
		return fmt.Errorf("unknown command `audit %s`: say `audit verify`, `audit anchor` or `audit key`", args[0])
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	ac.check(&p)
	if err := p.err(); err != nil {
		return err
	}
	if ac.Keys == nil {
		ks, err := commandAuditKeys(e, dsn)
		if err != nil {
			return err
		}
		ac.Keys = ks
	}
	if len(ac.AnchorFiles) == 0 {
		ac.AnchorFiles = demoAnchorFiles(e, dsn)
	}
	cps, err := readCheckpoints(ac.AnchorFiles)
	if args[0] == "anchor" && len(ac.AnchorFiles) > 0 && errors.Is(err, os.ErrNotExist) {
		cps, err = nil, nil // the first checkpoint makes the file
	}
	if err != nil {
		return err
	}
	d, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	o := audit.Options{Keys: ac.Keys, Checkpoints: cps}
	if args[0] == "verify" {
		r, err := audit.Check(ctx, d, o)
		if err != nil {
			return err
		}
		if !r.OK {
			return errors.New(r.String())
		}
		fmt.Fprintln(out, r.String())
		return nil
	}
	if ac.Keys == nil {
		return errors.New("no audit key: set --audit-key-file or MACE_AUDIT_KEY_FILE; a checkpoint is signed with it")
	}
	l := audit.New(now)
	l.Keys = ac.Keys
	c, r, err := l.Anchor(ctx, d, o)
	if err != nil {
		return err
	}
	if !r.OK {
		return errors.New(r.String() + "\nno checkpoint was written")
	}
	file := ""
	if len(ac.AnchorFiles) > 0 {
		file = ac.AnchorFiles[0]
	}
	if err := writeCheckpoint(file, c, newLogger(errOut, "info")); err != nil {
		return err
	}
	b, _ := json.Marshal(c)
	fmt.Fprintln(out, string(b))
	return nil
}

func backupCmd(ctx context.Context, args []string, e env, out io.Writer) error {
	fs := newFlags("backup")
	var dsn, to string
	dbFlag(fs, e, &dsn)
	fs.StringVar(&to, "to", "", "file to write the copy to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if to == "" {
		return errors.New("--to is required: the file to write the backup to")
	}
	d, err := openDBOnly(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := d.Backup(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(out, "Backed up %s to %s in %s.\n", d.Describe(), to, time.Since(start).Round(time.Millisecond))
	return nil
}

// open opens and migrates the database and builds the services, with a
// clean-up function. The trail is written with the audit key of
// MACE_AUDIT_KEY_FILE (see commandAuditKeys).
func open(ctx context.Context, dsn string, now func() time.Time, e env) (*services, func(), error) {
	keys, err := commandAuditKeys(e, dsn)
	if err != nil {
		return nil, nil, err
	}
	d, err := openDB(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	s := newServices(d, now)
	s.Audit.Keys = keys
	return s, func() { d.Close() }, nil
}
