package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/ssda903"
)

// exportCmd runs `mace export ssda903-missing`: the SSDA903 Missing table
// of one local authority for one collection year, written as CSV to --out
// (or standard output), with the validation report on standard error. When
// the report has problems nothing is written and the command fails, unless
// --allow-errors. The command line is run by the service's operators, so
// it makes the whole return, restricted records included; the export is
// recorded on the audit trail as the system's.
func exportCmd(ctx context.Context, now func() time.Time, args []string, e env, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "ssda903-missing" {
		return errors.New("say `export ssda903-missing --year 2025`")
	}
	fs := newFlags("export ssda903-missing")
	fs.SetOutput(stderr)
	var dsn, authority, out string
	var year int
	var allowErrors bool
	dbFlag(fs, e, &dsn)
	fs.IntVar(&year, "year", 0, "the year the collection starts: 2025 is 1 April 2025 to 31 March 2026")
	fs.StringVar(&authority, "authority", "", "the local authority's name or id (needed when there are several)")
	fs.StringVar(&out, "out", "", "file to write the CSV to (default: standard output)")
	fs.BoolVar(&allowErrors, "allow-errors", false, "write the CSV even when the validation report has problems")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if year == 0 {
		return errors.New("--year is required: the year the collection starts, like 2025")
	}
	s, closeFn, err := open(ctx, dsn, now, e)
	if err != nil {
		return err
	}
	defer closeFn()
	org, err := findAuthority(ctx, s.Auth, authority)
	if err != nil {
		return err
	}
	ret, err := s.Returns.Export903ForAuthority(ctx, org.ID, year)
	if err != nil {
		return describe(err)
	}
	printReport(stderr, ret)
	if !ret.Valid && !allowErrors {
		return fmt.Errorf("the return has %d problems: fix them, or say --allow-errors to write it anyway", len(ret.Problems))
	}
	w := stdout
	if out != "" {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := ssda903.Write903CSV(w, ret.Rows); err != nil {
		return err
	}
	if out != "" {
		fmt.Fprintf(stderr, "Wrote %d rows to %s.\n", ret.RowCount, out)
	}
	return nil
}

// findAuthority is the local authority named (by name or id), or the only
// one when none is named.
func findAuthority(ctx context.Context, a *auth.Service, name string) (auth.Organisation, error) {
	orgs, err := a.ListOrganisations(ctx)
	if err != nil {
		return auth.Organisation{}, err
	}
	var las []auth.Organisation
	var names []string
	for _, o := range orgs {
		if o.Type != auth.LocalAuthority {
			continue
		}
		if name != "" && (o.ID == name || strings.EqualFold(o.Name, strings.TrimSpace(name))) {
			return o, nil
		}
		las = append(las, o)
		names = append(names, o.Name)
	}
	switch {
	case name != "":
		return auth.Organisation{}, fmt.Errorf("no local authority called %q: say one of %s", name, strings.Join(names, "; "))
	case len(las) == 1:
		return las[0], nil
	case len(las) == 0:
		return auth.Organisation{}, errors.New("there is no local authority in this database")
	}
	return auth.Organisation{}, fmt.Errorf("say which local authority with --authority: one of %s", strings.Join(names, "; "))
}

// printReport writes the validation report: counts, then one line per
// problem (row, child code, column, the Department's rule code and message,
// and what is wrong: no names), then the rules it could not check.
func printReport(w io.Writer, r *ssda903.Return903) {
	fmt.Fprintf(w, "SSDA903 Missing, %s, collection year %s (%s to %s): %d episodes of %d children, %d started before the year, %d open at its end.\n",
		r.AuthorityName, r.Label, r.First.Long(), r.Last.Long(), r.RowCount, r.Children, r.StartedBefore, r.Open)
	codes := make([]string, len(r.Checked))
	for i, c := range r.Checked {
		codes[i] = c.Code
	}
	if r.Valid {
		fmt.Fprintf(w, "No problems found by the Department for Education's rules of the Missing table (%s).\n", strings.Join(codes, ", "))
	} else {
		fmt.Fprintf(w, "%d problems by the Department for Education's rules of the Missing table (%s):\n", len(r.Problems), strings.Join(codes, ", "))
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  row %d, CHILD %s, %s [%s]: %s. %s\n", p.Row, p.Child, p.Column, p.Rule, p.Detail, p.Message)
		}
	}
	if len(r.NotChecked) > 0 {
		fmt.Fprintln(w, "Not checked, as they need tables mace does not hold:")
		for _, c := range r.NotChecked {
			fmt.Fprintf(w, "  %s (needs %s): %s\n", c.Code, strings.Join(c.Tables, " and "), c.Message)
		}
	}
}
