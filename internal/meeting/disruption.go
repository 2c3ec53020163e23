package meeting

import "mace/internal/platform/choice"

// Disruptions are the kinds of action that disrupt exploitation, which a
// MACE panel (or any meeting) may agree: each becomes a task like any
// action, and the kind lets the partnership count what it does.
var Disruptions = choice.Choices{
	{Code: "abduction-warning-notice", Label: "Child abduction warning notice"},
	{Code: "licensing-visit", Label: "Licensing visit (premises, hotels, taxis)"},
	{Code: "closure-order", Label: "Closure order"},
	{Code: "community-protection-notice", Label: "Community protection notice"},
	{Code: "trespass-notice", Label: "Trespass notice"},
	{Code: "risk-order", Label: "Slavery and trafficking or sexual risk order"},
	{Code: "targeted-patrols", Label: "Targeted patrols or visits"},
	{Code: "intelligence-submission", Label: "Intelligence submission"},
	{Code: "online-takedown", Label: "Online account or content taken down"},
	{Code: "other-disruption", Label: "Another disruption"},
}

// DisruptionLabel is the plain name of a kind of disruption.
func DisruptionLabel(code string) string { return Disruptions.Label(code) }
