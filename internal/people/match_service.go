package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"mace/internal/people/match"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// MatchQuery is what a referral says about a young person, to find the
// records they may already have.
type MatchQuery struct {
	GivenNames, FamilyName string
	OtherNames             []string   // known-as and street names
	DateOfBirth            civil.Date // zero if unknown
	AgeYears               int        // approximate age, 0 if unknown
	Postcodes, Phones      []string
}

// Match is a record that may be the young person a referral is about.
// Score runs from 0 to 1: the chance, under the matching model, that the
// two are the same young person (LikelyMatch and above: likely).
type Match struct {
	PersonID string   `json:"person_id"`
	Score    float64  `json:"score"`
	Reasons  []string `json:"reasons"`
	Likely   bool     `json:"likely"`
	Person   Summary  `json:"-"`
}

// LikelyMatch is the score from which a match is "likely the same young
// person". On the benchmark's million synthetic records (bench/README.md)
// few referrals about someone not on record score this high.
const LikelyMatch = 0.9

// MinMatchScore is the lowest score Matches returns: below it a record
// shares too little with the referral to be worth a screener's time.
const MinMatchScore = 0.001

// Matches returns the records the signed-in user may see in full that may
// be the young person q describes, best first, at most limit (10 when
// limit is not from 1 to 50). A restricted record is matched only for its
// named users, as its content would show through the reasons. The search
// is audited with the fields it was given, never their values.
func (s *Service) Matches(ctx context.Context, q MatchQuery, limit int) ([]Match, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > 50 {
		limit = 10
	}
	mp, fields, err := s.matchPerson(q)
	if err != nil {
		return nil, err
	}
	out, err := s.score(ctx, s.DB.Read(), u, false, mp, limit)
	if err != nil {
		return nil, errs.Wrap(err, "finding matches")
	}
	detail := fmt.Sprintf("match search on %s; %d found", strings.Join(fields, ", "), len(out))
	shown := make([]string, len(out))
	for i, m := range out {
		shown[i] = m.PersonID
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Search, RecordType: "person-match", Detail: detail, Shown: shown})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the match search")
	}
	return out, nil
}

// matchPerson checks a query and turns it into what matching compares,
// with the names of the fields it was given.
func (s *Service) matchPerson(q MatchQuery) (match.Person, []string, error) {
	var v errs.Validation
	var fields []string
	mp := match.Person{GivenNames: strings.TrimSpace(q.GivenNames), FamilyName: strings.TrimSpace(q.FamilyName),
		DateOfBirth: q.DateOfBirth}
	for _, n := range q.OtherNames {
		if n = strings.TrimSpace(n); n != "" {
			mp.OtherNames = append(mp.OtherNames, n)
		}
	}
	for _, f := range []struct {
		field, value string
	}{{"given_name", mp.GivenNames}, {"family_name", mp.FamilyName}} {
		if text.TooLong(f.value, MaxName) {
			v.Add(f.field, fmt.Sprintf("Names must be %d characters or fewer", MaxName))
		}
	}
	switch {
	case len(mp.OtherNames) > MaxMatchItems:
		v.Add("known_as", fmt.Sprintf("Give at most %d known-as or street names", MaxMatchItems))
	case slices.ContainsFunc(mp.OtherNames, func(n string) bool { return text.TooLong(n, MaxName) }):
		v.Add("known_as", fmt.Sprintf("Each known-as name must be %d characters or fewer", MaxName))
	}
	today := s.today()
	switch {
	case !q.DateOfBirth.IsZero() && q.DateOfBirth.After(today):
		v.Add("date_of_birth", "Date of birth must be today or in the past")
	case q.AgeYears < 0 || q.AgeYears > 120:
		v.Add("age", "Age must be a whole number of years between 1 and 120")
	case q.AgeYears > 0 && q.DateOfBirth.IsZero():
		mp.AgeYears, mp.AgeOn = q.AgeYears, today
	}
	for _, pc := range q.Postcodes {
		if strings.TrimSpace(pc) == "" {
			continue
		}
		if len(mp.Postcodes) == MaxMatchItems {
			v.Add("postcode", fmt.Sprintf("Give at most %d postcodes", MaxMatchItems))
			break
		}
		if k := postcodeKey(pc); k != "" {
			mp.Postcodes = append(mp.Postcodes, k)
		} else if !v.Has("postcode") {
			v.Add("postcode", "Enter a real postcode, like LS1 4AP")
		}
	}
	for _, ph := range q.Phones {
		if strings.TrimSpace(ph) == "" {
			continue
		}
		if len(mp.Phones) == MaxMatchItems {
			v.Add("phone", fmt.Sprintf("Give at most %d phone numbers", MaxMatchItems))
			break
		}
		if k := phoneKey(ph); k != "" {
			mp.Phones = append(mp.Phones, k)
		} else if !v.Has("phone") {
			v.Add("phone", "Enter a phone number, like 07700 900 982")
		}
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"given name", mp.GivenNames != ""}, {"family name", mp.FamilyName != ""},
		{"known-as names", len(mp.OtherNames) > 0}, {"date of birth", !mp.DateOfBirth.IsZero()},
		{"age", mp.AgeYears > 0}, {"postcode", len(mp.Postcodes) > 0}, {"phone", len(mp.Phones) > 0},
	} {
		if f.set {
			fields = append(fields, f.name)
		}
	}
	if mp.GivenNames == "" && mp.FamilyName == "" && len(mp.OtherNames) == 0 && len(mp.Phones) == 0 {
		v.Add("given_name", "Enter a name, a known-as name or a phone number to search for")
	}
	return mp, fields, v.Err()
}

// MaxMatchItems is the most known-as names, postcodes or phone numbers a
// match search takes.
const MaxMatchItems = 10

// postcodeKey and phoneKey are match's keys of what a person typed, none
// for text far longer than a postcode or phone number could be.
func postcodeKey(s string) string {
	if text.TooLong(s, 20) {
		return ""
	}
	return match.PostcodeKey(s)
}

func phoneKey(s string) string {
	if text.TooLong(s, 30) {
		return ""
	}
	return match.PhoneKey(s)
}

// candidatePerson is what matching knows of a candidate record.
func candidatePerson(c *candidate) match.Person {
	p := &Person{GivenName: c.GivenName, FamilyName: c.FamilyName, KnownAs: c.OtherNames, DateOfBirth: c.DateOfBirth,
		EstimatedAge: c.EstimatedAge, EstimatedOn: c.EstimatedOn, Phones: c.Phones}
	for _, pc := range c.Postcodes {
		p.Addresses = append(p.Addresses, Address{Postcode: pc})
	}
	return matchPerson(p)
}
