// Package rhiquality is the quality audit of return home interviews: the
// standards interviews are scored against, monthly samples of interviews
// held, managers' audits and the summaries by service. The interviews are
// the missing service's; this package owns the standards and audits.
package rhiquality

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/access"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// The quality audit of return home interviews: a set of standards kept as
// data, a reproducible sample of a month's interviews of one service, an
// audit scoring one interview against each standard, and a summary per
// service and month.

// AuditRecordType names audits of return interviews on the audit trail.
const AuditRecordType = "return-interview-audit"

// StandardRecordType names the standards on the audit trail.
const StandardRecordType = "return-interview-standard"

// Scores against a standard.
const (
	ScoreMet     = "met"
	ScorePartly  = "partly"
	ScoreNotMet  = "not-met"
	ScoreNotUsed = "na" // not applicable
)

// Scores lists the scores in the order forms show them.
var Scores = choice.Choices{
	{Code: ScoreMet, Label: "Met"},
	{Code: ScorePartly, Label: "Partly met"},
	{Code: ScoreNotMet, Label: "Not met"},
	{Code: ScoreNotUsed, Label: "Not applicable"},
}

// ScoreLabel is the plain name of a score.
func ScoreLabel(code string) string { return Scores.Label(code) }

// ScorePoints is a score as points: met 2, partly 1, not met 0; ok is
// false for not applicable (or no score).
func ScorePoints(code string) (points int, ok bool) {
	switch code {
	case ScoreMet:
		return 2, true
	case ScorePartly:
		return 1, true
	case ScoreNotMet:
		return 0, true
	}
	return 0, false
}

// Checks the data can suggest a score for.
const (
	CheckOfferedInTime = "offered-in-time"
	CheckPushPull      = "push-pull"
	CheckShared        = "shared-with-police"
	CheckFollowUps     = "follow-ups"
)

// Standard is one thing a good return interview does. Retired standards
// are no longer scored; audits made against them keep them.
type Standard struct {
	Code      string    `json:"code"`
	Statement string    `json:"statement"`
	Guidance  string    `json:"guidance"`
	Check     string    `json:"check,omitempty"`
	Position  int       `json:"position"`
	RetiredAt time.Time `json:"retired_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
}

// Retired reports whether the standard is no longer scored.
func (s Standard) Retired() bool { return !s.RetiredAt.IsZero() }

// StandardInput is a new standard as entered.
type StandardInput struct {
	Code      string `json:"code"`
	Statement string `json:"statement"`
	Guidance  string `json:"guidance"`
}

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,19}$`)

// Limits on the standards and audits, in characters.
const (
	MaxGuidance = 1000
	MaxComment  = 1000
)

func (in *StandardInput) validate() error {
	var v errs.Validation
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Statement, in.Guidance = text.OneLine(in.Statement), text.Clean(in.Guidance)
	switch {
	case in.Code == "":
		v.Add("code", "Enter a short code for the standard, like OWN-WORDS")
	case !codePattern.MatchString(in.Code):
		v.Add("code", "The code must be 2 to 20 letters, numbers or hyphens, like OWN-WORDS")
	}
	switch {
	case in.Statement == "":
		v.Add("statement", "Enter the standard in plain English, like ‘The young person’s own words are recorded’")
	case text.TooLong(in.Statement, missing.MaxShort):
		v.Add("statement", text.Limit("The standard", missing.MaxShort))
	}
	if text.TooLong(in.Guidance, MaxGuidance) {
		v.Add("guidance", text.Limit("The guidance", MaxGuidance))
	}
	return v.Err()
}

// ErrDuplicateStandard is a code already given to a standard, retired or
// not.
var ErrDuplicateStandard = &errs.Error{Kind: errs.Conflict, Message: "There is already a standard with this code",
	Fields: []errs.FieldError{{Field: "code", Message: "There is already a standard with this code: choose another"}}}

// Score is an interview's score against one standard. Suggested and
// Reason are what the data suggested, when the standard can be checked.
type Score struct {
	Code      string `json:"standard"`
	Statement string `json:"statement"`
	Score     string `json:"score"`
	Suggested string `json:"suggested,omitempty"`
	Comment   string `json:"comment"`
}

// Audit is a manager's audit of one return interview.
type Audit struct {
	ID             string     `json:"id"`
	EpisodeID      string     `json:"episode_id"`
	PersonID       string     `json:"person_id"`
	AuthorityID    string     `json:"local_authority_id"`
	Service        string     `json:"service"`
	Month          string     `json:"month"`
	OverallComment string     `json:"overall_comment"`
	AuditorID      string     `json:"auditor_id"`
	AuditorName    string     `json:"auditor"`
	AuditedOn      civil.Date `json:"audited_on"`
	Scores         []Score    `json:"scores"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Version        int        `json:"version"`
}

// ScoreOf is the audit's score for a standard, or "".
func (a *Audit) ScoreOf(code string) (Score, bool) {
	i := slices.IndexFunc(a.Scores, func(s Score) bool { return s.Code == code })
	if i < 0 {
		return Score{}, false
	}
	return a.Scores[i], true
}

// AuditInput is an audit as entered: a score and comment per standard code
// and an overall comment. Version, when set, must match the stored audit's.
type AuditInput struct {
	Scores         map[string]string `json:"scores"`
	Comments       map[string]string `json:"comments"`
	OverallComment string            `json:"overall_comment"`
	Version        int               `json:"version,omitempty"`
}

// ScoreField and CommentField name a standard's form fields (and the
// fields of its errors).
func ScoreField(code string) string   { return "score-" + code }
func CommentField(code string) string { return "comment-" + code }

// validate checks in against the standards to score, each a current
// standard or one the stored audit scored.
func (in *AuditInput) validate(standards []Standard) error {
	var v errs.Validation
	scores, comments := map[string]string{}, map[string]string{}
	for _, st := range standards {
		sc := strings.TrimSpace(in.Scores[st.Code])
		c := text.Clean(in.Comments[st.Code])
		switch {
		case sc == "":
			v.Add(ScoreField(st.Code), "Select a score for ‘"+st.Statement+"’")
		case !Scores.Has(sc):
			v.Add(ScoreField(st.Code), "Select met, partly met, not met or not applicable for ‘"+st.Statement+"’")
		}
		switch {
		case text.TooLong(c, MaxComment):
			v.Add(CommentField(st.Code), text.Limit("Each comment", MaxComment))
		case c == "" && (sc == ScorePartly || sc == ScoreNotMet):
			v.Add(CommentField(st.Code), "Explain what was missing for ‘"+st.Statement+"’")
		}
		scores[st.Code], comments[st.Code] = sc, c
	}
	for code := range in.Scores {
		if _, ok := scores[code]; !ok && in.Scores[code] != "" {
			v.Add("", "There is no standard with the code "+strings.ToUpper(text.OneLine(code)))
			break
		}
	}
	in.Scores, in.Comments = scores, comments
	in.OverallComment = text.Clean(in.OverallComment)
	switch {
	case in.OverallComment == "":
		v.Add("overall_comment", "Enter an overall comment on the quality of the interview")
	case text.TooLong(in.OverallComment, missing.MaxText):
		v.Add("overall_comment", text.Limit("The overall comment", missing.MaxText))
	}
	return v.Err()
}

// Suggestion is the score the data suggests for a standard, and why.
type Suggestion struct {
	Score  string `json:"score"`
	Reason string `json:"reason"`
}

// suggest is what the episode's data says about a standard that can be
// checked; ok is false for one that cannot.
func suggest(check string, e *missing.Episode, hours int) (Suggestion, bool) {
	iv := e.Interview
	if iv == nil {
		return Suggestion{}, false
	}
	switch check {
	case CheckOfferedInTime:
		took := iv.OfferedAt.Sub(e.EndAt)
		h := int(math.Ceil(took.Hours()))
		if iv.OfferedWithin(e.EndAt, hours) {
			return Suggestion{ScoreMet, fmt.Sprintf("Offered %s, %d hours after the return (the limit is %d)",
				londonTime(iv.OfferedAt), h, hours)}, true
		}
		return Suggestion{ScoreNotMet, fmt.Sprintf("Offered %s, %d hours after the return: more than %d",
			londonTime(iv.OfferedAt), h, hours)}, true
	case CheckPushPull:
		push, pull := iv.PushFactors != "", iv.PullFactors != ""
		switch {
		case push && pull:
			return Suggestion{ScoreMet, "Both push and pull factors are recorded"}, true
		case push:
			return Suggestion{ScorePartly, "Push factors are recorded, pull factors are not"}, true
		case pull:
			return Suggestion{ScorePartly, "Pull factors are recorded, push factors are not"}, true
		}
		return Suggestion{ScoreNotMet, "Neither push nor pull factors are recorded"}, true
	case CheckShared:
		if iv.SharedWithPolice {
			return Suggestion{ScoreMet, "The interview record says information was shared with the police"}, true
		}
		return Suggestion{ScoreNotMet, "The interview record says information was not shared with the police"}, true
	case CheckFollowUps:
		if n := len(iv.FollowUps); n > 0 {
			return Suggestion{ScoreMet, fmt.Sprintf("%d follow-up %s recorded", n, plural(n, "action is", "actions are"))}, true
		}
		return Suggestion{ScoreNotMet, "No follow-up actions are recorded"}, true
	}
	return Suggestion{}, false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// MonthOf is the month (YYYY-MM) of t in London.
func MonthOf(t time.Time) string { return t.In(civil.London).Format("2006-01") }

// ParseMonth reads a month as YYYY-MM and returns the instants it starts
// and ends (exclusive) in London.
func ParseMonth(s string) (month string, from, to time.Time, err error) {
	s = strings.TrimSpace(s)
	t, perr := time.ParseInLocation("2006-01", s, civil.London)
	if perr != nil || len(s) != 7 {
		return "", time.Time{}, time.Time{}, errs.FieldErr("month", "Enter the month as a year and month, like 2026-10")
	}
	if t.Year() < 2000 || t.Year() > 2200 {
		return "", time.Time{}, time.Time{}, errs.FieldErr("month", "Enter a month in 2000 or later")
	}
	return s, t, t.AddDate(0, 1, 0), nil
}

// SampleRule is how many interviews of a month a sample takes: Percent of
// those held, rounded up, and at least Minimum (or all, when fewer).
type SampleRule struct {
	Percent int `json:"percent"`
	Minimum int `json:"minimum"`
}

// DefaultSampleRule is one in ten, and at least five.
var DefaultSampleRule = SampleRule{Percent: 10, Minimum: 5}

func (r SampleRule) validate() error {
	var v errs.Validation
	if r.Percent < 1 || r.Percent > 100 {
		v.Add("percent", "The percentage to sample must be a whole number from 1 to 100")
	}
	if r.Minimum < 1 || r.Minimum > 100 {
		v.Add("minimum", "The smallest sample must be a whole number from 1 to 100")
	}
	return v.Err()
}

// Size is how many of held interviews the rule samples.
func (r SampleRule) Size(held int) int {
	n := max((held*r.Percent+99)/100, r.Minimum)
	return min(n, held)
}

// SampleSeed is the seed of the sample of a month and service: anyone can
// draw the same sample again from the same month and service.
func SampleSeed(month, service string) string {
	sum := sha256.Sum256([]byte("return-interview-sample\x00" + month + "\x00" + access.ServiceKey(service)))
	return hex.EncodeToString(sum[:8])
}

// sampleRank orders interviews for the sample: the sample is the first of
// them by rank. Each interview's rank depends only on the seed and its own
// id, so one recorded late joins the order without reshuffling the rest.
func sampleRank(seed, episodeID string) uint64 {
	sum := sha256.Sum256([]byte(seed + "\x00" + episodeID))
	return binary.BigEndian.Uint64(sum[:8])
}

// draw sorts ids by rank under seed and keeps the first n.
func draw(seed string, ids []string, n int) []string {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int {
		ra, rb := sampleRank(seed, a), sampleRank(seed, b)
		switch {
		case ra < rb:
			return -1
		case ra > rb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out[:min(n, len(out))]
}

func serviceKey(s string) string { return access.ServiceKey(s) }
