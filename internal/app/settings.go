package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"mace/internal/platform/calendar"
	"mace/internal/platform/errs"
	"mace/internal/referral"
)

// Settings are what a partnership sets for itself, read from the JSON file
// named by --settings (MACE_SETTINGS): its timescales and the front door's
// indicators checklist and risk levels. Anything the file leaves out keeps
// its default. For example:
//
//	{
//	  "timescales": {"referral_decision_working_days": 1, "urgent_referral_decision_hours": 2},
//	  "referral": {
//	    "indicators": [{"code": "missing", "label": "Going missing"}],
//	    "risk_levels": [{"code": "1", "label": "Category 1", "band": "at risk"}]
//	  }
//	}
type Settings struct {
	Timescales calendar.Timescales `json:"timescales"`
	Referral   referral.Settings   `json:"referral"`
}

// DefaultSettings are the national and common defaults.
func DefaultSettings() Settings {
	return Settings{Timescales: calendar.DefaultTimescales(), Referral: referral.DefaultSettings()}
}

// loadSettings reads the settings file over the defaults, refusing unknown
// names and values that make no sense.
func loadSettings(path string) (Settings, error) {
	s := DefaultSettings()
	if path == "" {
		return s, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("reading the settings: %w", err)
	}
	var file struct {
		Timescales json.RawMessage `json:"timescales"`
		Referral   json.RawMessage `json:"referral"`
	}
	strict := func(raw []byte, v any) error {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		return dec.Decode(v)
	}
	if err := strict(b, &file); err != nil {
		return s, fmt.Errorf("the settings file %s is not valid: %w", path, err)
	}
	if file.Timescales != nil {
		if err := strict(file.Timescales, &s.Timescales); err != nil {
			return s, fmt.Errorf("the settings file's timescales are not valid: %w", err)
		}
	}
	if file.Referral != nil {
		var r referral.Settings
		if err := strict(file.Referral, &r); err != nil {
			return s, fmt.Errorf("the settings file's referral settings are not valid: %w", err)
		}
		if r.Indicators != nil {
			s.Referral.Indicators = r.Indicators
		}
		if r.RiskLevels != nil {
			s.Referral.RiskLevels = r.RiskLevels
		}
	}
	var problems []string
	for _, f := range append(errs.Fields(s.Timescales.Validate()), errs.Fields(s.Referral.Validate())...) {
		problems = append(problems, f.Field+": "+f.Message)
	}
	if len(problems) > 0 {
		return s, fmt.Errorf("the settings file %s is not valid:\n  %s", path, strings.Join(problems, "\n  "))
	}
	return s, nil
}

// apply puts the settings into the services.
func (s Settings) apply(svc *services) {
	svc.Referral.Settings = s.Referral
	svc.Referral.Timescales = s.Timescales
	svc.Missing.Timescales = s.Timescales
	svc.Meetings.Timescales = s.Timescales
}
