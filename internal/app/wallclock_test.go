package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wallClock are the functions of package time that read the machine's
// clock. A test that uses one passes or fails by the hour it runs at.
var wallClock = map[string]bool{"Now": true, "Since": true, "Until": true}

// TestNoTestReadsTheWallClock holds every test in the module to the rule
// that tests run on an injected clock: a _test.go file may use time.Now,
// time.Since or time.Until only to measure how long something took, on a
// line marked with a "// timing" comment.
func TestNoTestReadsTheWallClock(t *testing.T) {
	root := moduleRoot(t)
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		found = append(found, wallClockReads(t, path, rel)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s reads the wall clock: use the test's clock, or mark a measurement of how long something took with // timing", f)
	}
}

// TestWallClockReadsAreFound checks the check: it finds a call, a use as a
// value and a renamed import, and lets a line marked // timing pass.
func TestWallClockReadsAreFound(t *testing.T) {
	src := `package x

import (
	"time"
	clock "time"
)

var a = time.Now()
var b = time.Since(a) // timing
var c = clock.Until(a)
var d = func() func() time.Time { return time.Now }
var e = time.Now() // timing of the seed
var f = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
`
	path := filepath.Join(t.TempDir(), "x_test.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(wallClockReads(t, path, "x_test.go"), " ")
	if want := "x_test.go:8 (time.Now) x_test.go:10 (time.Until) x_test.go:11 (time.Now)"; got != want {
		t.Errorf("found %q, want %q", got, want)
	}
}

// wallClockReads lists, as "file:line (time.Name)", each use of a wall-clock
// function of package time in the file at path not on a // timing line.
func wallClockReads(t *testing.T, path, name string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		t.Fatalf("parsing %s: %v", name, err)
	}
	names := map[string]bool{} // what the file calls package time
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "time" {
			n := "time"
			if imp.Name != nil {
				n = imp.Name.Name
			}
			names[n] = true
		}
	}
	if len(names) == 0 {
		return nil
	}
	timing := map[int]bool{} // lines with a // timing comment
	for _, g := range f.Comments {
		for _, c := range g.List {
			if text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//")); text == "timing" || strings.HasPrefix(text, "timing ") {
				timing[fset.Position(c.Slash).Line] = true
			}
		}
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || !wallClock[sel.Sel.Name] {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || !names[pkg.Name] || pkg.Obj != nil { // pkg.Obj is set for a local variable
			return true
		}
		if line := fset.Position(sel.Pos()).Line; !timing[line] {
			out = append(out, name+":"+strconv.Itoa(line)+" (time."+sel.Sel.Name+")")
		}
		return true
	})
	return out
}

// moduleRoot is the directory holding go.mod, above this package's.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
