// Package concern names the kinds of exploitation a concern can be about,
// shared by consultations and referrals so that both count them alike.
package concern

import "mace/internal/platform/choice"

// Type is one kind of exploitation.
type Type = choice.Choice

// The codes, as stored and sent over the API.
const (
	CSE         = "cse"
	CCE         = "cce"
	CountyLines = "county-lines"
	Trafficking = "trafficking"
	Online      = "online"
)

// Types lists the kinds in the order forms show them.
var Types = choice.Choices{
	{Code: CSE, Label: "Child sexual exploitation"},
	{Code: CCE, Label: "Child criminal exploitation"},
	{Code: CountyLines, Label: "County lines"},
	{Code: Trafficking, Label: "Trafficking or modern slavery"},
	{Code: Online, Label: "Online exploitation"},
}

// Valid reports whether code is a known kind.
func Valid(code string) bool { return Types.Has(code) }

// Label is the plain name of a kind, or the code itself when unknown.
func Label(code string) string { return Types.Label(code) }
