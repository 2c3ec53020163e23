package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSettingsFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"timescales": {"urgent_referral_decision_hours": 2},
		"referral": {"risk_levels": [{"code": "1", "label": "Category 1", "band": "at risk"}, {"code": "2", "label": "Category 2", "band": ""}]}}`)
	s, err := loadSettings(good)
	if err != nil {
		t.Fatal(err)
	}
	if s.Timescales.UrgentReferralDecisionHours != 2 || s.Timescales.ReferralDecisionWorkingDays != 1 ||
		len(s.Referral.RiskLevels) != 2 || len(s.Referral.Indicators) == 0 {
		t.Fatalf("settings read as %+v", s)
	}
	for name, c := range map[string]struct{ body, want string }{
		"unknown.json":  {`{"timescale": {}}`, `unknown field "timescale"`},
		"zero.json":     {`{"timescales": {"review_weeks": 0}}`, "review_weeks: Enter the weeks between reviews as a whole number above 0"},
		"repeated.json": {`{"referral": {"indicators": [{"code": "a", "label": "A"}, {"code": "a", "label": "B"}]}}`, "Indicator 2 needs a code of its own"},
		"broken.json":   {`{"timescales": `, "is not valid"},
	} {
		_, err := loadSettings(write(name, c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, c.want)
		}
	}
	// serve refuses a bad settings file with the rest of its problems.
	_, err = serveConfig([]string{"--settings", filepath.Join(dir, "zero.json")}, env(func(string) string { return "" }))
	if err == nil || !strings.Contains(err.Error(), "review_weeks") {
		t.Errorf("serve with a bad settings file: %v", err)
	}
}
