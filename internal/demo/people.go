package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"mace/internal/people"
)

// Person is a generated child or adult. No part of a Person comes from a
// real person's record: the names are drawn from name frequencies and the
// postcode is a real postcode picked at random, with an invented street,
// house number and town beside it.
type Person struct {
	GivenName   string
	FamilyName  string
	KnownAs     []string
	Gender      string    // "male", "female" or, rarely, "other"
	DateOfBirth time.Time // midnight UTC; zero if unknown
	// EstimatedAge is set only when DateOfBirth is unknown.
	EstimatedAge int
	Ethnicity    string // a code from people.Ethnicities
	AddressLine  string // may be empty for an adult with no known address
	Town         string
	Postcode     string
	Area         string // "A" (Northfield) or "B" (Riverside)
	Phone        string // in the range Ofcom keeps for drama; may be empty
	NHSNumber    string // 10 digits starting 999; may be empty
	UPN          string // may be empty
	IsChild      bool
}

// Generator makes a reproducible stream of synthetic people: two
// generators made with the same seed give the same people in the same
// order, given the same calls. A Generator is not safe for concurrent use.
//
// The identifiers it makes cannot belong to anyone:
//   - phone numbers are in 07700 900000 to 07700 900999, which Ofcom keeps
//     for use in drama; the first 1,000 people with a phone each get a
//     different number, after which numbers are reused;
//   - NHS numbers begin with 999, a range kept for test data, and have a
//     valid check digit; no two people from one Generator share one;
//   - UPNs use local authority number 999, which no authority has (real
//     numbers run from 201 to 938), and have a valid check letter; no two
//     people from one Generator share one.
type Generator struct {
	r         *rand.Rand
	t         *tables
	ethnicity sampler[string]
	nhs       map[string]bool
	upn       map[string]bool
	phones    []int
	phoneNext int
}

// NewGenerator returns a Generator whose output is fixed by seed.
func NewGenerator(seed uint64) *Generator {
	g := &Generator{
		r:   rand.New(rand.NewPCG(seed, 0x6d616365)),
		t:   loadTables(),
		nhs: map[string]bool{},
		upn: map[string]bool{},
	}
	for _, e := range people.Ethnicities {
		g.ethnicity.add(e.Code, people.EthnicityShares2021[e.Code])
	}
	g.phones = g.r.Perm(1000)
	return g
}

// Share of people whose ethnicity is recorded as not stated. The census
// imputes missing answers, but case records often lack them.
const (
	childNotStated = 0.03
	adultNotStated = 0.05
)

// Child returns a child aged 8 to 17 on the date of asOf.
func (g *Generator) Child(asOf time.Time) Person {
	r := g.r
	p := Person{IsChild: true}
	p.Gender = g.gender(0.5)
	age := 8 + r.IntN(10)
	dob := birthDate(r, asOf, age)
	if r.Float64() < 0.03 {
		p.EstimatedAge = age
	} else {
		p.DateOfBirth = dob
	}
	g.names(&p, childNotStated)
	if r.Float64() < g.nicknameChance(p) {
		p.KnownAs = []string{g.nickname(p.GivenName)}
	}
	p.Area = g.area()
	g.address(&p)
	if r.Float64() < 0.45+0.05*float64(age-8) { // older children more often have a phone
		p.Phone = g.phone()
	}
	if r.Float64() < 0.92 {
		p.NHSNumber = g.nhsNumber()
	}
	if r.Float64() < 0.88 {
		p.UPN = g.upnFor(dob)
	}
	return p
}

// Adult returns an adult of concern aged 18 to 45 on the date of asOf: most
// often a young man, often known by another name, sometimes with no known
// address or date of birth.
func (g *Generator) Adult(asOf time.Time) Person {
	r := g.r
	var p Person
	p.Gender = g.gender(0.85)
	var age int
	switch x := r.Float64(); {
	case x < 0.6:
		age = 18 + r.IntN(8)
	case x < 0.9:
		age = 26 + r.IntN(10)
	default:
		age = 36 + r.IntN(10)
	}
	dob := birthDate(r, asOf, age)
	if r.Float64() < 0.2 {
		p.EstimatedAge = age
	} else {
		p.DateOfBirth = dob
	}
	g.names(&p, adultNotStated)
	if r.Float64() < 0.3 {
		if nicks := g.t.nicknames[p.GivenName]; len(nicks) > 0 && r.Float64() < 0.5 {
			p.KnownAs = []string{nicks[r.IntN(len(nicks))]}
		} else {
			p.KnownAs = []string{streetNames[r.IntN(len(streetNames))]}
		}
	}
	p.Area = g.area()
	if r.Float64() < 0.85 {
		g.address(&p)
	}
	if r.Float64() < 0.9 {
		p.Phone = g.phone()
	}
	if r.Float64() < 0.5 {
		p.NHSNumber = g.nhsNumber()
	}
	return p
}

// streetNames are invented names an adult might be known by.
var streetNames = []string{
	"Tiny", "Smiley", "Bugsy", "Junior", "Ace", "Skinny", "Ginger", "Blue", "Shorty", "Scooby",
	"Lucky", "Mouse", "Bam", "Dee", "Kay", "Biggs", "Red", "Flash", "Mac", "Sonny",
}

// gender returns "male" with probability pMale, "other" rarely, and
// otherwise "female".
func (g *Generator) gender(pMale float64) string {
	x := g.r.Float64()
	switch {
	case x < 0.005:
		return "other"
	case x < 0.005+pMale*0.995:
		return "male"
	}
	return "female"
}

// names sets the ethnicity and a plausible given and family name.
func (g *Generator) names(p *Person, notStated float64) {
	r := g.r
	eth := g.ethnicity.pick(r)
	p.Ethnicity = eth
	if r.Float64() < notStated {
		p.Ethnicity = people.EthnicityNotStated
	}
	origins := ethnicityOrigins[eth]
	surnameOrigin := pickOrigin(r, origins)
	p.FamilyName = g.surname(surnameOrigin, p.Gender)
	if r.Float64() < 0.03 { // a double-barrelled name from both sides of the family
		second := g.surname(pickOrigin(r, origins), p.Gender)
		if second != p.FamilyName && !strings.ContainsAny(p.FamilyName+second, " -") {
			p.FamilyName += "-" + second
		}
	}
	givenOrigin := surnameOrigin
	if strings.HasPrefix(eth, "mixed-") {
		givenOrigin = pickOrigin(r, origins)
	}
	sex := p.Gender
	if sex == "other" {
		sex = []string{"male", "female"}[r.IntN(2)]
	}
	if h, ok := givenNameHints[givenOrigin]; ok && r.Float64() < h.share {
		if s := g.t.givenOrigin[h.list][sex]; s != nil && s.len() > 0 {
			p.GivenName = s.pick(r)
			return
		}
	}
	p.GivenName = g.t.given[sex].pick(r)
}

func pickOrigin(r *rand.Rand, origins []origin) string {
	total := 0.0
	for _, o := range origins {
		total += o.weight
	}
	x := r.Float64() * total
	for _, o := range origins {
		if x < o.weight {
			return o.tag
		}
		x -= o.weight
	}
	return origins[len(origins)-1].tag
}

// surname picks a family name of the given origin. Polish family names
// ending -ski, -cki or -dzki take the feminine ending -a for women and
// girls.
func (g *Generator) surname(origin, gender string) string {
	name := g.t.surnames[origin].pick(g.r)
	if origin == "polish" && gender == "female" {
		for _, suffix := range []string{"ski", "cki", "zki"} {
			if strings.HasSuffix(name, suffix) {
				return strings.TrimSuffix(name, "i") + "a"
			}
		}
	}
	return name
}

// nicknameChance is the chance that a child with p's given name is known by
// a nickname, chosen so that about 10% of all children are.
func (g *Generator) nicknameChance(p Person) float64 {
	if len(g.t.nicknames[p.GivenName]) == 0 {
		return 0
	}
	share := (g.t.nicknameShare["male"] + g.t.nicknameShare["female"]) / 2
	return min(1, 0.10/share)
}

func (g *Generator) nickname(given string) string {
	nicks := g.t.nicknames[given]
	return nicks[g.r.IntN(len(nicks))]
}

// area puts 60% of people in Northfield (area A), the larger authority.
func (g *Generator) area() string {
	if g.r.Float64() < 0.6 {
		return "A"
	}
	return "B"
}

func (g *Generator) address(p *Person) {
	r := g.r
	pc := g.t.postcodes[p.Area][r.IntN(len(g.t.postcodes[p.Area]))]
	towns := g.t.towns[p.Area]
	street := g.t.streets[r.IntN(len(g.t.streets))]
	number := 1 + r.IntN(40)
	if r.Float64() < 0.3 {
		number = 1 + r.IntN(200)
	}
	p.AddressLine = strconv.Itoa(number) + " " + street
	if r.Float64() < 0.12 {
		p.AddressLine = "Flat " + strconv.Itoa(1+r.IntN(24)) + ", " + p.AddressLine
	}
	p.Town = towns[r.IntN(len(towns))]
	p.Postcode = pc.Postcode
}

// phone returns a number in the range Ofcom keeps for drama.
func (g *Generator) phone() string {
	n := g.phones[g.phoneNext]
	g.phoneNext++
	if g.phoneNext == len(g.phones) {
		g.phoneNext = 0
	}
	return fmt.Sprintf("07700 900%03d", n)
}

// nhsNumber returns an NHS number in the 999 range kept for test data that
// this Generator has not given out before, or "" if it cannot find one.
func (g *Generator) nhsNumber() string {
	for range 1000 {
		first9 := fmt.Sprintf("999%06d", g.r.IntN(1_000_000))
		check, ok := people.NHSCheckDigit(first9)
		if !ok {
			continue
		}
		n := first9 + strconv.Itoa(check)
		if !g.nhs[n] {
			g.nhs[n] = true
			return n
		}
	}
	return ""
}

// upnFor returns a UPN for a child born on dob that this Generator has not
// given out before, or "" if it cannot find one. It uses local
// authority number 999, an establishment number like a primary school's,
// and the year the child would have started school.
func (g *Generator) upnFor(dob time.Time) string {
	year := dob.Year() + 4
	if dob.Month() >= time.September {
		year++
	}
	for range 1000 {
		rest := fmt.Sprintf("999%04d%02d%03d", 2000+g.r.IntN(100), year%100, 1+g.r.IntN(999))
		check, ok := people.UPNCheckLetter(rest)
		if !ok {
			continue
		}
		u := string(check) + rest
		if !g.upn[u] {
			g.upn[u] = true
			return u
		}
	}
	return ""
}

// birthDate returns a date of birth, at midnight UTC, of someone who is age
// years old on the date of asOf.
func birthDate(r *rand.Rand, asOf time.Time, age int) time.Time {
	y, m, d := asOf.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	latest := yearsBefore(today, age)
	earliest := yearsBefore(today, age+1).AddDate(0, 0, 1)
	days := int(latest.Sub(earliest).Hours()/24 + 0.5)
	return earliest.AddDate(0, 0, r.IntN(days+1))
}

// yearsBefore goes back n years from t, to 28 February when t is
// 29 February and the earlier year is not a leap year.
func yearsBefore(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	y -= n
	if m == time.February && d == 29 && !isLeap(y) {
		d = 28
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
