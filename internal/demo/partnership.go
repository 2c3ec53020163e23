package demo

// Organisation types.
const (
	OrgLocalAuthority  = "local-authority"
	OrgPolice          = "police"
	OrgHealth          = "health"
	OrgEducation       = "education"
	OrgYouthJustice    = "youth-justice"
	OrgVoluntary       = "voluntary"
	OrgCommunitySafety = "community-safety"
)

// Roles a user can hold.
const (
	RoleReferrer           = "referrer"
	RoleScreener           = "screener"
	RolePractitioner       = "practitioner"
	RoleLead               = "lead"
	RoleManager            = "manager"
	RolePolice             = "police"
	RoleMissingCoordinator = "missing-coordinator"
	RoleAnalyst            = "analyst"
	RoleAdministrator      = "administrator"
	// RolePartnershipAdministrator adds organisations and keeps the
	// calendar; an administrator manages only their own organisation.
	RolePartnershipAdministrator = "partnership-administrator"
	RoleDPO                      = "dpo"
)

// Roles lists every role.
var Roles = []string{
	RoleReferrer, RoleScreener, RolePractitioner, RoleLead, RoleManager,
	RolePolice, RoleMissingCoordinator, RoleAnalyst, RoleAdministrator, RolePartnershipAdministrator, RoleDPO,
}

// Org is an organisation in the demo partnership. Area is "A" or "B" for an
// organisation that belongs to one of the two local authority areas, and
// empty for one that serves both.
type Org struct {
	Key, Name, Type string
	Area            string
	Teams           []Team
}

// Team is a team within an organisation. Locality is empty for a team that
// covers its whole organisation.
type Team struct {
	Key, Name, Locality string
}

// User is a member of staff in the demo partnership. Every email address
// uses the .example top-level domain, which can never be a real address.
type User struct {
	Email, Name, OrgKey string
	TeamKeys            []string
	Roles               []string
}

// Partnership describes the fictional demo partnership: two local
// authorities, the police force and NHS trust that serve them both, two
// schools, a youth justice service, a young people's substance misuse
// service, a children's charity and a community safety partnership, with
// at least one user in every role. Every organisation and person in it is
// invented. Each call returns new slices that the caller may change.
//
// The substance misuse service is of type "voluntary": it is a
// commissioned voluntary-sector service, not part of the NHS trust.
func Partnership() ([]Org, []User) {
	orgs := []Org{
		{
			Key: "northfield", Name: "Northfield County Council", Type: OrgLocalAuthority, Area: "A",
			Teams: []Team{
				{"northfield-front-door", "Front Door (MASH)", ""},
				{"northfield-complex-safeguarding", "Complex Safeguarding Team", ""},
				{"northfield-social-work-east", "East Locality Social Work Team", "East"},
				{"northfield-social-work-central", "Central Locality Social Work Team", "Central"},
				{"northfield-social-work-north", "North Locality Social Work Team", "North"},
				{"northfield-missing", "Missing from Home Team", ""},
				{"northfield-performance", "Performance and Quality Assurance", ""},
				{"northfield-information-governance", "Information Governance", ""},
			},
		},
		{
			Key: "riverside", Name: "Riverside Borough Council", Type: OrgLocalAuthority, Area: "B",
			Teams: []Team{
				{"riverside-front-door", "Front Door", ""},
				{"riverside-complex-safeguarding", "Complex Safeguarding Team", ""},
			},
		},
		{
			Key: "police", Name: "Northfield and Riverside Police", Type: OrgPolice,
			Teams: []Team{
				{"police-child-exploitation", "Child Exploitation Unit", ""},
				{"police-missing-persons", "Missing Persons Unit", ""},
			},
		},
		{
			Key: "health", Name: "Northfield and Riverside Health NHS Trust", Type: OrgHealth,
			Teams: []Team{
				{"health-safeguarding", "Safeguarding Children Team", ""},
				{"health-school-nursing", "School Nursing Service", ""},
			},
		},
		{
			Key: "hollinsby-academy", Name: "Hollinsby Academy", Type: OrgEducation, Area: "A",
			Teams: []Team{{"hollinsby-academy-safeguarding", "Pastoral and Safeguarding", ""}},
		},
		{
			Key: "wharfside-high", Name: "Wharfside High School", Type: OrgEducation, Area: "B",
			Teams: []Team{{"wharfside-high-safeguarding", "Pastoral and Safeguarding", ""}},
		},
		{
			Key: "northfield-yjs", Name: "Northfield Youth Justice Service", Type: OrgYouthJustice, Area: "A",
			Teams: []Team{{"northfield-yjs-team", "Youth Justice Team", ""}},
		},
		{
			Key: "waymark", Name: "Waymark Young People's Drug and Alcohol Service", Type: OrgVoluntary,
			Teams: []Team{{"waymark-young-people", "Young People's Team", ""}},
		},
		{
			Key: "harbourlight", Name: "Harbourlight Children's Charity", Type: OrgVoluntary,
			Teams: []Team{{"harbourlight-return-interviews", "Return Home Interviews and Exploitation Support", ""}},
		},
		{
			Key: "community-safety", Name: "Northfield and Riverside Community Safety Partnership", Type: OrgCommunitySafety,
			Teams: []Team{{"community-safety-team", "Community Safety Team", ""}},
		},
	}
	users := []User{
		{"screener@northfield.example", "Priya Sharma", "northfield", []string{"northfield-front-door"}, []string{RoleScreener}},
		{"practitioner@northfield.example", "Daniel Okafor", "northfield", []string{"northfield-complex-safeguarding"}, []string{RolePractitioner}},
		{"practitioner.east@northfield.example", "Rebecca Walsh", "northfield", []string{"northfield-social-work-east"}, []string{RolePractitioner}},
		{"practitioner.central@northfield.example", "Imran Hussain", "northfield", []string{"northfield-social-work-central"}, []string{RolePractitioner}},
		{"practitioner.north@northfield.example", "Megan Armstrong", "northfield", []string{"northfield-social-work-north"}, []string{RolePractitioner}},
		{"lead@northfield.example", "Claire Fletcher", "northfield", []string{"northfield-complex-safeguarding"}, []string{RoleLead}},
		{"manager@northfield.example", "Mark Henderson", "northfield", []string{"northfield-complex-safeguarding", "northfield-front-door"}, []string{RoleManager}},
		{"missing-coordinator@northfield.example", "Aisha Rahman", "northfield", []string{"northfield-missing"}, []string{RoleMissingCoordinator}},
		{"analyst@northfield.example", "Tom Gallagher", "northfield", []string{"northfield-performance"}, []string{RoleAnalyst}},
		{"administrator@northfield.example", "Karen Doyle", "northfield", []string{"northfield-information-governance"}, []string{RoleAdministrator, RolePartnershipAdministrator}},
		{"dpo@northfield.example", "Gareth Pritchard", "northfield", []string{"northfield-information-governance"}, []string{RoleDPO}},

		{"screener@riverside.example", "Jordan Campbell", "riverside", []string{"riverside-front-door"}, []string{RoleScreener}},
		{"practitioner@riverside.example", "Natalia Nowak", "riverside", []string{"riverside-complex-safeguarding"}, []string{RolePractitioner}},
		{"manager@riverside.example", "Samuel Mensah", "riverside", []string{"riverside-complex-safeguarding", "riverside-front-door"}, []string{RoleManager}},

		{"officer@police.example", "Liam O'Connor", "police", []string{"police-child-exploitation"}, []string{RolePolice}},
		{"analyst@police.example", "Hannah Lee", "police", []string{"police-child-exploitation"}, []string{RolePolice, RoleAnalyst}},
		{"missing@police.example", "Craig Robson", "police", []string{"police-missing-persons"}, []string{RolePolice}},

		{"referrer@health.example", "Fiona Mackay", "health", []string{"health-safeguarding"}, []string{RoleReferrer}},
		{"referrer@hollinsby-academy.example", "Andrew Bennett", "hollinsby-academy", []string{"hollinsby-academy-safeguarding"}, []string{RoleReferrer}},
		{"referrer@wharfside-high.example", "Yasmin Akhtar", "wharfside-high", []string{"wharfside-high-safeguarding"}, []string{RoleReferrer}},
		{"referrer@northfield-yjs.example", "Kwame Asante", "northfield-yjs", []string{"northfield-yjs-team"}, []string{RoleReferrer}},
		{"referrer@waymark.example", "Lucy Turner", "waymark", []string{"waymark-young-people"}, []string{RoleReferrer}},
		{"missing-coordinator@harbourlight.example", "Joanne Price", "harbourlight", []string{"harbourlight-return-interviews"}, []string{RoleMissingCoordinator}},
		{"referrer@community-safety.example", "Steven Walker", "community-safety", []string{"community-safety-team"}, []string{RoleReferrer}},
	}
	return orgs, users
}
