package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Each package owns the tables its migrations create, and only its SQL
// names them: another package asks the owner through its service or an
// exported function, so every change has the owner's rules and audit.
// This test reads every package's migrations for the tables it creates,
// then every string in its non-test Go files for SQL that names a table
// (FROM, JOIN, INTO, UPDATE, TABLE), and fails on a table that another
// package owns.

var (
	createTableRE = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)
	namesTableRE  = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)`)
)

// tableOwners maps each table to the package (its directory under
// internal/) whose migrations create it.
func tableOwners(t *testing.T, root string) map[string]string {
	t.Helper()
	owners := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") || filepath.Base(filepath.Dir(path)) != "migrations" {
			return err
		}
		pkg, _ := filepath.Rel(root, filepath.Dir(filepath.Dir(path)))
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range createTableRE.FindAllStringSubmatch(string(b), -1) {
			name := strings.ToLower(m[1])
			if prev, ok := owners[name]; ok && prev != pkg {
				t.Errorf("table %s is created by both %s and %s", name, prev, pkg)
			}
			owners[name] = pkg
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return owners
}

// sqlTables lists, for each non-test Go file of the tree, the tables its
// string literals name, as "file:line table".
func sqlTables(t *testing.T, root string, fn func(pkg, file string, line int, table string)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		pkg, _ := filepath.Rel(root, filepath.Dir(path))
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, m := range namesTableRE.FindAllStringSubmatch(s, -1) {
				fn(pkg, path, fset.Position(lit.Pos()).Line, strings.ToLower(m[1]))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPackagesOwnTheirTables(t *testing.T) {
	root := filepath.Join("..")
	owners := tableOwners(t, root)
	if len(owners) < 20 {
		t.Fatalf("found only %d tables under %s: is the tree where the test expects it?", len(owners), root)
	}
	var problems []string
	sqlTables(t, root, func(pkg, file string, line int, table string) {
		owner, ok := owners[table]
		if !ok || owner == pkg || pkg == "testenv" { // testenv: the tests' own set-up, used only by tests
			return
		}
		rel, _ := filepath.Rel(root, file)
		problems = append(problems, rel+":"+strconv.Itoa(line)+": names "+table+", which "+owner+" owns")
	})
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// The check must see a table named in another package's SQL.
func TestTableOwnershipCheckFinds(t *testing.T) {
	dir := t.TempDir()
	for path, body := range map[string]string{
		"owner/migrations/20260101_01_a.sql": "CREATE TABLE widgets (id TEXT PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS gadgets (id TEXT);",
		"owner/store.go":                     "package owner\n\nconst q = `SELECT id FROM widgets JOIN gadgets g ON g.id = widgets.id`\n",
		"other/store.go":                     "package other\n\nconst q = \"UPDATE widgets SET id = $1\"\nconst r = `SELECT 1 FROM own_things o LEFT JOIN gadgets g ON true`\n",
		"other/store_test.go":                "package other\n\nconst q = \"DELETE FROM widgets\"\n",
	} {
		p := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	owners := tableOwners(t, dir)
	var got []string
	sqlTables(t, dir, func(pkg, file string, line int, table string) {
		if o, ok := owners[table]; ok && o != pkg {
			got = append(got, pkg+" "+table)
		}
	})
	sort.Strings(got)
	if strings.Join(got, ",") != "other gadgets,other widgets" {
		t.Errorf("found %v, want other's use of gadgets and widgets only", got)
	}
}
