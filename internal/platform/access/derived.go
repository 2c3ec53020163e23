package access

import (
	"slices"

	"mace/internal/platform/auth"
)

// Content about a person. Everything written about a young person outside
// their record (a meeting item and all under it: what agencies shared, the
// decision, actions and associations; an agenda entry; a task made from an
// action; minutes; an import row or review; a notice or an email) carries
// the person's id and is shown under the same decision as the record
// itself. Whoever may not see the record in full sees that the content
// exists ("a young person you cannot see") and nothing of it: not the
// name, not the reasons, not the dates.
//
// Attending a meeting does not by itself open an item. When the chair
// records that an item was discussed with everyone present, the
// organisations present are involved with the record from then on (Involve,
// with that reason, audited as a grant), and so see the item as they see
// the record.

// SeeAbout reports whether u may see content about the person whose record
// is r: exactly when u may see the record in full. A nil record (content
// about nobody in particular) is open to whoever may see what holds it.
func SeeAbout(u *auth.User, r *Record) bool {
	return r == nil || View(u, *r) == Full
}

// Organisation is what the rules need to know about an organisation as a
// recipient (minutes or an email made for it, not for one of its people).
type Organisation struct {
	ID   string
	Type auth.OrgType
}

// OrgView is how much of the record r the organisation o as a whole may
// see: the owning authority and each involved organisation see it in full
// unless it is restricted; a restricted record's content is for its named
// users only, never for an organisation, so o learns only that it exists.
func OrgView(o Organisation, r Record) Level {
	if o.ID == "" || (o.ID != r.OwnerOrgID && !slices.Contains(r.InvolvedOrg, o.ID)) {
		return None
	}
	if r.Restricted {
		return Existence
	}
	return Full
}

// OrgSeesAbout reports whether content about the person whose record is r
// may go to the organisation o (in minutes or an email made for it). A nil
// record is content about nobody in particular.
func OrgSeesAbout(o Organisation, r *Record) bool {
	return r == nil || OrgView(o, *r) == Full
}
