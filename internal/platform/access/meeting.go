package access

import (
	"fmt"
	"slices"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// Multi-agency meetings (daily meetings, strategy discussions, MACE panels
// and mapping meetings) belong to the local authority that holds them. Its
// staff in casework roles see them; its leads, managers, practitioners and
// screeners arrange and run them. A partner organisation sees a meeting
// someone from it attended (was recorded as present at). Police and health
// attendees may add what their own agency shared. What an agency shared on
// the understanding that it goes no further than the meeting is shown only
// to the people who were there (and the chair); everything made for anyone
// else leaves it out.

// Meeting is what the rules need to know about a meeting.
type Meeting struct {
	OwnerOrgID   string   // the local authority that holds it
	ChairID      string   // the user who chairs it
	PresentUsers []string // users recorded as present
	PresentOrgs  []string // organisations with someone recorded as present
}

// Roles that arrange and run meetings in their own authority.
var MeetingRunners = []auth.Role{auth.Lead, auth.Manager, auth.Practitioner, auth.Screener}

// Roles that read the meeting absence report of their own authority.
var MeetingReporters = []auth.Role{auth.Lead, auth.Manager, auth.Analyst}

// Organisation types whose attendees add what their agency shared.
var sharingOrgTypes = []auth.OrgType{auth.PoliceForce, auth.Health}

func meetingOwnerStaff(u *auth.User, m Meeting) bool {
	return authorityStaff(u) && u.Organisation.ID == m.OwnerOrgID && u.Has(AuthorityStaff...)
}

func meetingAttendeeOrg(u *auth.User, m Meeting) bool {
	return active(u) && slices.Contains(m.PresentOrgs, u.Organisation.ID) && u.Has(RecordReaders...)
}

// RunMeetings reports whether u may arrange meetings (for their own local
// authority).
func RunMeetings(u *auth.User) bool { return authorityStaff(u) && u.Has(MeetingRunners...) }

// ViewMeeting reports whether u may see the meeting m.
func ViewMeeting(u *auth.User, m Meeting) bool {
	return meetingOwnerStaff(u, m) || meetingAttendeeOrg(u, m)
}

// EditMeeting reports whether u may change the meeting m: its time, chair,
// attendance, agenda, decisions and actions.
func EditMeeting(u *auth.User, m Meeting) bool {
	return RunMeetings(u) && u.Organisation.ID == m.OwnerOrgID
}

// ShareAtMeeting reports whether u may record what the organisation orgID
// shared at the meeting m: whoever runs it, for any organisation, and a
// police or health attendee's colleagues for their own organisation.
func ShareAtMeeting(u *auth.User, m Meeting, orgID string) bool {
	if EditMeeting(u, m) {
		return true
	}
	return meetingAttendeeOrg(u, m) && orgID == u.Organisation.ID && slices.Contains(sharingOrgTypes, u.Organisation.Type)
}

// SeeWithheld reports whether u may see what was shared at the meeting m
// on the understanding that it goes no further than the meeting: its
// chair and the people recorded as present.
func SeeWithheld(u *auth.User, m Meeting) bool {
	return ViewMeeting(u, m) && (u.ID == m.ChairID || slices.Contains(m.PresentUsers, u.ID))
}

// MeetingAbsenceReport reports whether u may see how often agencies were
// missing from the meetings of the local authority orgID.
func MeetingAbsenceReport(u *auth.User, orgID string) bool {
	return authorityStaff(u) && u.Organisation.ID == orgID && u.Has(MeetingReporters...)
}

// MeetingScope returns a SQL condition keeping the meetings u may see, as
// ViewMeeting decides. ownerCol names the meeting's authority column;
// presentFrom, given the placeholder of an organisation id, returns the
// condition that someone from that organisation was present.
func MeetingScope(u *auth.User, a *db.Args, ownerCol string, presentFrom func(orgParam string) string) string {
	if !active(u) || !u.Has(RecordReaders...) {
		return "FALSE"
	}
	org := a.Add(u.Organisation.ID)
	if u.Organisation.Type == auth.LocalAuthority && u.Has(AuthorityStaff...) {
		return fmt.Sprintf("(%s = %s OR %s)", ownerCol, org, presentFrom(org))
	}
	return presentFrom(org)
}
