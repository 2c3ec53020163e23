package assets

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func TestStaticFilesPresent(t *testing.T) {
	for _, name := range []string{
		"mace.css",
		"app.js",
		"js-enabled.js",
		"govuk-frontend.min.js",
		"moj-frontend.min.js",
		"favicon.svg",
		"VERSIONS.txt",
		"licences/govuk-frontend.txt",
		"licences/moj-frontend.txt",
	} {
		b, err := fs.ReadFile(Static, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}

func TestStylesheet(t *testing.T) {
	b, err := fs.ReadFile(Static, "mace.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	if strings.Contains(css, "GDS Transport") {
		t.Error(`mace.css mentions "GDS Transport"`)
	}
	if strings.Contains(css, "@font-face") {
		t.Error("mace.css declares a web font, but none is shipped")
	}
	// Every image the stylesheet asks for must be one we serve.
	for _, m := range regexp.MustCompile(`url\(["']?([^"')]*)`).FindAllStringSubmatch(css, -1) {
		u := m[1]
		if strings.HasPrefix(u, "data:") {
			continue
		}
		name, ok := strings.CutPrefix(u, "/assets/")
		if !ok {
			t.Errorf("mace.css: url(%s) is not under /assets/", u)
			continue
		}
		if _, err := fs.Stat(Static, name); err != nil {
			t.Errorf("mace.css: url(%s) is not shipped: %v", u, err)
		}
		if l := strings.ToLower(name); strings.Contains(l, "crown") || strings.Contains(l, "crest") {
			t.Errorf("mace.css: url(%s) is a crown or crest image", u)
		}
	}
}

func TestAppImportsShippedModules(t *testing.T) {
	b, err := fs.ReadFile(Static, "app.js")
	if err != nil {
		t.Fatal(err)
	}
	imports := regexp.MustCompile(`(?m)^import .* from '\./([^']+)'`).FindAllStringSubmatch(string(b), -1)
	if len(imports) == 0 {
		t.Fatal("app.js imports nothing")
	}
	for _, m := range imports {
		if _, err := fs.Stat(Static, m[1]); err != nil {
			t.Errorf("app.js imports %s, which is not shipped: %v", m[1], err)
		}
	}
}
