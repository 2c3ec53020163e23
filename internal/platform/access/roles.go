package access

import "mace/internal/platform/auth"

// Role sets. The route table's groups are built from these same sets, and
// the rules in this package use them, so a route's roles and the rule
// behind it cannot disagree. The sets of the record rules are beside them:
// AuthorityStaff, RecordReaders and RecordWriters (access.go), Screeners
// (referral.go), ConsultationReaders and ConsultationWriters
// (consultation.go), MeetingRunners and MeetingReporters (meeting.go).
var (
	// AuditReaders read a record's audit trail ("who has seen this").
	AuditReaders = []auth.Role{auth.Manager, auth.DPO}
	// AccessManagers restrict records and grant access to them.
	AccessManagers = []auth.Role{auth.Lead, auth.Manager}
	// Managers sign off decisions and audit quality.
	Managers = []auth.Role{auth.Manager}
	// Admins use the administration pages: an administrator manages their
	// own organisation's teams, users and tokens (AdministerOrg), a
	// partnership administrator every organisation's.
	Admins = []auth.Role{auth.Administrator, auth.PartnershipAdministrator}
	// PartnershipAdmins add and change organisations and keep the
	// calendar's bank holidays.
	PartnershipAdmins = []auth.Role{auth.PartnershipAdministrator}
	// MissingReporters record missing episodes: the missing team and the police.
	MissingReporters = []auth.Role{auth.MissingCoordinator, auth.Police}
	// Interviewers record return home interviews.
	Interviewers = []auth.Role{auth.MissingCoordinator}
	// Importers import the police's missing notifications (police officers
	// and local authorities' coordinators: ImportMissing).
	Importers = []auth.Role{auth.MissingCoordinator, auth.Police}
	// ImportReviewers settle the rows of an import that go to review, each
	// of their own authority (ReviewRow).
	ImportReviewers = []auth.Role{auth.MissingCoordinator}
	// PhilomenaReaders see Philomena Protocol profiles (with the record rules).
	PhilomenaReaders = []auth.Role{auth.MissingCoordinator, auth.Police, auth.Screener, auth.Practitioner, auth.Lead, auth.Manager}
	// PhilomenaWriters keep them.
	PhilomenaWriters = []auth.Role{auth.MissingCoordinator, auth.Practitioner, auth.Lead, auth.Manager}
	// QualityAuditors audit the quality of return interviews.
	QualityAuditors = []auth.Role{auth.Manager}
	// QualityReaders read the quality summary.
	QualityReaders = []auth.Role{auth.Manager, auth.Analyst, auth.DPO}
	// QualityStandards keep the standards an interview is audited against.
	QualityStandards = []auth.Role{auth.Manager, auth.Administrator}
	// ReturnMakers make the statutory returns (the SSDA903 Missing table).
	ReturnMakers = []auth.Role{auth.Manager, auth.Analyst, auth.MissingCoordinator}
)
