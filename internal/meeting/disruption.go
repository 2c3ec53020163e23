package meeting

// Disruptions are the kinds of action that disrupt exploitation, which a
// MACE panel (or any meeting) may agree: each becomes a task like any
// action, and the kind lets the partnership count what it does.
var Disruptions = []Choice{
	{"abduction-warning-notice", "Child abduction warning notice"},
	{"licensing-visit", "Licensing visit (premises, hotels, taxis)"},
	{"closure-order", "Closure order"},
	{"community-protection-notice", "Community protection notice"},
	{"trespass-notice", "Trespass notice"},
	{"risk-order", "Slavery and trafficking or sexual risk order"},
	{"targeted-patrols", "Targeted patrols or visits"},
	{"intelligence-submission", "Intelligence submission"},
	{"online-takedown", "Online account or content taken down"},
	{"other-disruption", "Another disruption"},
}

// DisruptionLabel is the plain name of a kind of disruption.
func DisruptionLabel(code string) string { return label(Disruptions, code) }
