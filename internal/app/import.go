package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mace/internal/missingimport"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

// importCmd is `mace import missing FILE --as EMAIL [--for AUTHORITY]
// [--commit]`: the preview of a police file of missing notifications, row
// by row, and with --commit the import of its good rows, as the user EMAIL
// (a local authority's missing coordinator or a police officer) would on
// the import page. A police officer names the local authority the file is
// for with --for (not needed when the service has one). A progress line
// shows how far it has got.
func importCmd(ctx context.Context, now func() time.Time, args []string, e env, out io.Writer) error {
	if len(args) == 0 || args[0] != "missing" {
		return errors.New("say `import missing FILE --as EMAIL [--commit]`")
	}
	fs := newFlags("import missing")
	var dsn, email, authority string
	var commit bool
	dbFlag(fs, e, &dsn)
	fs.StringVar(&email, "as", "", "email of the missing coordinator or police officer importing the file")
	fs.StringVar(&authority, "for", "", "for a police officer: the name of the local authority the file is for")
	fs.BoolVar(&commit, "commit", false, "import the good rows (without it, only the preview)")
	// The file may come before or after the flags.
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return errors.New("say which file to import: `import missing FILE --as EMAIL`")
	}
	file := rest[0]
	if err := parse(fs, rest[1:]); err != nil {
		return err
	}
	if email == "" {
		return errors.New("--as is required: the email of the missing coordinator or police officer importing the file")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading the file: %w", err)
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
	ctx = auth.WithUser(ctx, u)
	authorityID := ""
	if authority != "" {
		list, err := s.MissingImport.Authorities(ctx, u)
		if err != nil {
			return err
		}
		for _, o := range list {
			if strings.EqualFold(o.Name, strings.TrimSpace(authority)) {
				authorityID = o.ID
			}
		}
		if authorityID == "" {
			return fmt.Errorf("%q is not a local authority this user may import a file for", authority)
		}
	}
	progress := func(what string) func(done, total int) {
		return func(done, total int) {
			fmt.Fprintf(out, "\r%s: %d of %d", what, done, total)
		}
	}
	p, err := s.MissingImport.Preview(ctx, filepath.Base(file), authorityID, data, progress("Matching young people"))
	fmt.Fprint(out, "\r\033[K")
	if err != nil {
		return describe(err)
	}
	printImport(out, p, "Preview")
	if !commit {
		fmt.Fprintln(out, "Nothing was imported: run again with --commit to import the rows above marked to create or close.")
		return nil
	}
	c, err := s.MissingImport.Commit(ctx, p.ID, progress("Importing"))
	fmt.Fprint(out, "\r\033[K")
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(out, "Imported: %d episodes created, %d closed, %d unchanged; %d rows on the review list; %d tasks made.\n",
		c.Counts.Create, c.Counts.Close, c.Counts.None, c.Counts.Review, c.Tasks)
	return nil
}

// printImport writes an import's counts and the rows with problems or for
// review, by line and police reference (never a name).
func printImport(out io.Writer, p *missingimport.Import, title string) {
	c := p.Counts
	fmt.Fprintf(out, "%s of %s (%d rows, sha256 %s):\n", title, p.FileName, p.Rows, p.Checksum)
	fmt.Fprintf(out, "  %d to create, %d to close, %d already imported, %d for review, %d with problems\n",
		c.Create, c.Close, c.None, c.Review, c.Problem)
	shown := 0
	for _, r := range p.Results {
		if r.Action != missingimport.ActionProblem && r.Action != missingimport.ActionReview {
			continue
		}
		if shown == 200 {
			fmt.Fprintln(out, "  (more rows not shown: see the import page)")
			break
		}
		shown++
		what := strings.Join(r.Problems, "; ")
		if r.Action == missingimport.ActionReview {
			what = "for review: " + r.Reason
		}
		fmt.Fprintf(out, "  line %d (%s): %s\n", r.Line, r.Reference, what)
	}
}

// missingImportRoutes are the pages importing police files of missing
// notifications, and the review list of rows not imported at once.
// Importers may import police files and ImportReviewers work their own
// authority's review list; the service checks the rest (access.ImportMissing,
// access.ReviewRow).
func (s *server) missingImportRoutes() []route {
	h := &missingimport.Handlers{Im: s.svc.MissingImport, R: s.r, MaxFile: s.cfg.MaxBody, Wait: 3 * time.Second}
	return []route{
		{Method: "GET", Pattern: "/missing/imports/new", Handler: h.New, Roles: access.Importers},
		{Method: "POST", Pattern: "/missing/imports", Handler: h.Upload, Roles: access.Importers},
		{Method: "GET", Pattern: "/missing/imports/reviews", Handler: h.Reviews, Roles: access.ImportReviewers},
		{Method: "GET", Pattern: "/missing/imports/{id}", Handler: h.View, Roles: access.Importers},
		{Method: "GET", Pattern: "/missing/imports/{id}/progress", Handler: h.ProgressJSON, Roles: access.Importers},
		{Method: "POST", Pattern: "/missing/imports/{id}/commit", Handler: h.Commit, Roles: access.Importers},
		{Method: "GET", Pattern: "/missing/imports/{id}/reviews/{line}", Handler: h.Review, Roles: access.ImportReviewers},
		{Method: "POST", Pattern: "/missing/imports/{id}/reviews/{line}", Handler: h.Choose, Roles: access.ImportReviewers},
	}
}
