package referral

import (
	"embed"
	"fmt"
	"html/template"
	"strconv"
	"time"

	"mace/internal/people"
	"mace/internal/platform/web"
)

// The referral pages and API: one file for each resource and action
// (referral_create.go, referral_screen.go, ...), the API in api_referrals.go.

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the referral pages use.
var TemplateFuncs = template.FuncMap{
	"concernLabel": ConcernTypes.Label,
	"decidedShown": func() int { return DecidedShown },
	"outcomeLabel": OutcomeLabel,
	"stateLabel":   StateLabel,
	"answerLabel":  Answers.Label,
	"needLabel":    func(n int) string { return NeedLevels.Label(strconv.Itoa(n)) },
	"genderLabel":  people.GenderLabel,
	"ethnicityLabel": func(code string) string {
		if e, ok := people.EthnicityByCode(code); ok {
			return e.Group + ": " + e.Label
		}
		return code
	},
	"phone":    people.FormatPhone,
	"nhs":      people.FormatNHSNumber,
	"timeLeft": timeLeft,
}

// timeLeft says in plain words how long is left until due, or how late it is.
func timeLeft(due, now time.Time) string {
	d := due.Sub(now)
	late := d < 0
	if late {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = "less than a minute"
	case d < time.Hour:
		s = plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		s = plural(h, "hour")
		if m > 0 && h < 10 {
			s += " " + plural(m, "minute")
		}
	default:
		s = plural(int(d/(24*time.Hour)), "day")
	}
	if late {
		return s + " overdue"
	}
	return s + " left"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Handlers serve the referral pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}
