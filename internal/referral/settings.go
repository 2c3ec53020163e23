package referral

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"mace/internal/platform/calendar"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
)

// RiskLevel is one initial exploitation risk level with the band of scores
// it stands for, as a partnership describes it.
type RiskLevel struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Band  string `json:"band"`
}

// Settings are what each partnership sets for its front door: the
// indicators checklist on the referral form and the initial risk levels.
// The timescales (1 working day to decide, sooner for urgent referrals) are
// calendar.Timescales.
type Settings struct {
	Indicators choice.Choices `json:"indicators"`
	RiskLevels []RiskLevel    `json:"risk_levels"`
}

// DefaultSettings are the indicators most exploitation screening tools ask
// about, and the three risk levels of the Merseyside measurement tool.
func DefaultSettings() Settings {
	return Settings{
		Indicators: choice.Choices{
			{Code: "missing", Label: "Going missing from home, care or school"},
			{Code: "school", Label: "Change in school attendance or exclusion"},
			{Code: "older-associates", Label: "Relationships with older people or peers of concern"},
			{Code: "gifts-money", Label: "Unexplained money, gifts, clothes or phones"},
			{Code: "substances", Label: "Using or holding drugs or alcohol"},
			{Code: "travel", Label: "Travelling out of area or found far from home"},
			{Code: "injuries", Label: "Unexplained injuries"},
			{Code: "weapons", Label: "Carrying or linked to weapons"},
			{Code: "sexual-health", Label: "Sexual health concerns or pregnancy"},
			{Code: "online", Label: "Worrying online contact or images shared"},
			{Code: "places", Label: "Seen at places of concern (for example, parks, takeaways, stations)"},
			{Code: "behaviour", Label: "Change in behaviour, mood or appearance"},
			{Code: "police-contact", Label: "Arrested or found with others in criminal activity"},
		},
		RiskLevels: []RiskLevel{
			{"low", "Low", "scores 0 to 18"},
			{"medium", "Medium", "scores 19 to 34"},
			{"high", "High", "scores 35 to 54"},
		},
	}
}

// LoadSettings reads settings as JSON, checking them.
func LoadSettings(r io.Reader) (Settings, error) {
	var s Settings
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("reading the referral settings: %w", err)
	}
	return s, s.Validate()
}

// Validate checks that every indicator and risk level has a code and a
// label, and that codes are not repeated.
func (s Settings) Validate() error {
	var v errs.Validation
	if len(s.Indicators) == 0 {
		v.Add("indicators", "List at least one indicator")
	}
	if len(s.RiskLevels) == 0 {
		v.Add("risk_levels", "List at least one risk level")
	}
	seen := map[string]bool{}
	for i, o := range s.Indicators {
		if strings.TrimSpace(o.Code) == "" || strings.TrimSpace(o.Label) == "" || seen["i"+o.Code] {
			v.Add("indicators", fmt.Sprintf("Indicator %d needs a code of its own and a label", i+1))
		}
		seen["i"+o.Code] = true
	}
	for i, r := range s.RiskLevels {
		if strings.TrimSpace(r.Code) == "" || strings.TrimSpace(r.Label) == "" || seen["r"+r.Code] {
			v.Add("risk_levels", fmt.Sprintf("Risk level %d needs a code of its own and a label", i+1))
		}
		seen["r"+r.Code] = true
	}
	return v.Err()
}

func (s Settings) riskLabel(code string) string {
	for _, r := range s.RiskLevels {
		if r.Code == code {
			return r.Label
		}
	}
	return code
}

func (s Settings) hasRisk(code string) bool {
	for _, r := range s.RiskLevels {
		if r.Code == code {
			return true
		}
	}
	return false
}

// timescales defaults the zero value.
func timescales(t calendar.Timescales) calendar.Timescales {
	if t.ReferralDecisionWorkingDays == 0 {
		return calendar.DefaultTimescales()
	}
	return t
}
