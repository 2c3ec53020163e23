package demo

import "time"

// Identity returns a child (aged 8 to 17) or an adult (18 to 45) on the
// date of asOf with the names, known-as name, gender, ethnicity, date of
// birth or estimated age and address that Child and Adult give, but no
// phone number, NHS number or UPN: for data sets far larger than the ranges
// kept for test identifiers (the matching benchmark's million records),
// whose makers add their own.
func (g *Generator) Identity(asOf time.Time, child bool) Person {
	r := g.r
	p := Person{IsChild: child}
	var age int
	if child {
		p.Gender = g.gender(0.5)
		age = 8 + r.IntN(10)
	} else {
		p.Gender = g.gender(0.85)
		age = 18 + r.IntN(28)
	}
	dob := birthDate(r, asOf, age)
	if (child && r.Float64() < 0.03) || (!child && r.Float64() < 0.2) {
		p.EstimatedAge = age
	} else {
		p.DateOfBirth = dob
	}
	if child {
		g.names(&p, childNotStated)
		if r.Float64() < g.nicknameChance(p) {
			p.KnownAs = []string{g.nickname(p.GivenName)}
		}
	} else {
		g.names(&p, adultNotStated)
		if r.Float64() < 0.3 {
			if nicks := g.t.nicknames[p.GivenName]; len(nicks) > 0 && r.Float64() < 0.5 {
				p.KnownAs = []string{nicks[r.IntN(len(nicks))]}
			} else {
				p.KnownAs = []string{streetNames[r.IntN(len(streetNames))]}
			}
		}
	}
	p.Area = g.area()
	g.address(&p)
	return p
}

// Nicknames returns the familiar short forms of a given name that the
// generator uses (from data/nicknames.csv), or nil.
func Nicknames(given string) []string { return loadTables().nicknames[given] }

// Surname returns a family name drawn as the generator draws them for
// someone of British origin.
func (g *Generator) Surname() string { return g.surname("british", "male") }
