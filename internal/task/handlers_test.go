package task

import (
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "/my-work",
		"/my-work":                     "/my-work",
		"/my-work?team=all&state=done": "/my-work?team=all&state=done",
		"/my-workshop":                 "/my-work",
		"//evil.example/my-work":       "/my-work",
		"https://evil.example/":        "/my-work",
		"/my-work\\evil":               "/my-work",
		"/people/1":                    "/my-work",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeNext checks that a return address from a form only ever leads to
// My work on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"", "/my-work", "/my-work?state=done", "//x", "/my-work\r\nLocation: x", "/my-work/../admin"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/my-work" && !strings.HasPrefix(got, "/my-work?") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		if strings.ContainsAny(got, "\\\r\n") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}

func TestRecordLabel(t *testing.T) {
	for in, want := range map[string]string{"person": "Person", "missing-episode": "Missing episode", "": ""} {
		if got := recordLabel(in); got != want {
			t.Errorf("recordLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
