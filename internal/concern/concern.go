// Package concern names the kinds of exploitation a concern can be about,
// shared by consultations and referrals so that both count them alike.
package concern

// Type is one kind of exploitation.
type Type struct{ Code, Label string }

// The codes, as stored and sent over the API.
const (
	CSE         = "cse"
	CCE         = "cce"
	CountyLines = "county-lines"
	Trafficking = "trafficking"
	Online      = "online"
)

// Types lists the kinds in the order forms show them.
var Types = []Type{
	{CSE, "Child sexual exploitation"},
	{CCE, "Child criminal exploitation"},
	{CountyLines, "County lines"},
	{Trafficking, "Trafficking or modern slavery"},
	{Online, "Online exploitation"},
}

// Valid reports whether code is a known kind.
func Valid(code string) bool {
	for _, t := range Types {
		if t.Code == code {
			return true
		}
	}
	return false
}

// Label is the plain name of a kind, or the code itself when unknown.
func Label(code string) string {
	for _, t := range Types {
		if t.Code == code {
			return t.Label
		}
	}
	return code
}
