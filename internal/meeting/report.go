package meeting

import (
	"context"
	"slices"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

// The absence report: for a local authority and a period, how many
// meetings needed each kind of agency and how often no one from it was
// present; and, for each organisation recorded at a meeting, how often it
// was recorded and how often no one from it was present.

// TypeAbsence counts one kind of agency.
type TypeAbsence struct {
	Type       auth.OrgType `json:"type"`
	Label      string       `json:"label"`
	Required   int          `json:"required"`    // meetings that needed it
	NotPresent int          `json:"not_present"` // of those, with no one from it present
}

// OrgAbsence counts one organisation.
type OrgAbsence struct {
	OrganisationID string       `json:"organisation_id"`
	Name           string       `json:"name"`
	Type           auth.OrgType `json:"type"`
	Recorded       int          `json:"recorded"`    // meetings it was recorded at (any attendance)
	NotPresent     int          `json:"not_present"` // of those, with no one from it present
}

// AbsenceReport is the absence report for an authority over a period of
// London dates (inclusive). Cancelled meetings do not count.
type AbsenceReport struct {
	OrganisationID string        `json:"local_authority_id"`
	From           civil.Date    `json:"from"`
	To             civil.Date    `json:"to"`
	Meetings       int           `json:"meetings"`
	ByType         []TypeAbsence `json:"by_type"`
	ByOrganisation []OrgAbsence  `json:"by_organisation"`
}

// Absences reports how often agencies were missing from the meetings of
// the local authority orgID (the user's own when empty) between from and
// to.
func (s *Service) Absences(ctx context.Context, orgID string, from, to civil.Date) (*AbsenceReport, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if orgID == "" {
		orgID = u.Organisation.ID
	}
	if !access.MeetingAbsenceReport(u, orgID) {
		return nil, errs.E(errs.Forbidden, "Only leads, managers and analysts of the local authority can see how often agencies missed its meetings")
	}
	var v errs.Validation
	switch {
	case from.IsZero():
		v.Add("from", "Enter the start of the period")
	case to.IsZero():
		v.Add("to", "Enter the end of the period")
	case to.Before(from):
		v.Add("to", "The end of the period must be the same as or after its start")
	case from.AddDays(3 * 366).Before(to):
		v.Add("to", "The period must be three years or shorter")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	kinds, rows, err := meetingsIn(ctx, s.DB.Read(), orgID, from, to)
	if err != nil {
		return nil, errs.Wrap(err, "reading the meetings")
	}
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return nil, err
	}
	r := &AbsenceReport{OrganisationID: orgID, From: from, To: to, Meetings: len(kinds),
		ByType: []TypeAbsence{}, ByOrganisation: []OrgAbsence{}}
	// presentTypes[meeting][type] and orgSeen[meeting][org] = present?
	presentTypes := map[string]map[auth.OrgType]bool{}
	orgSeen := map[string]map[string]bool{}
	for _, a := range rows {
		if presentTypes[a.MeetingID] == nil {
			presentTypes[a.MeetingID] = map[auth.OrgType]bool{}
			orgSeen[a.MeetingID] = map[string]bool{}
		}
		if a.Status == Present {
			presentTypes[a.MeetingID][a.OrgType] = true
		}
		orgSeen[a.MeetingID][a.OrgID] = orgSeen[a.MeetingID][a.OrgID] || a.Status == Present
	}
	byType := map[auth.OrgType]*TypeAbsence{}
	for id, kind := range kinds {
		for _, t := range s.RequiredFor(kind) {
			ta := byType[t]
			if ta == nil {
				ta = &TypeAbsence{Type: t, Label: auth.OrgTypeLabel(t)}
				byType[t] = ta
			}
			ta.Required++
			if !presentTypes[id][t] {
				ta.NotPresent++
			}
		}
	}
	for _, info := range auth.OrgTypes {
		if ta := byType[info.Type]; ta != nil {
			r.ByType = append(r.ByType, *ta)
		}
	}
	byOrg := map[string]*OrgAbsence{}
	for _, seen := range orgSeen {
		for org, present := range seen {
			oa := byOrg[org]
			if oa == nil {
				oa = &OrgAbsence{OrganisationID: org, Name: orgs[org].Name, Type: orgs[org].Type}
				byOrg[org] = oa
			}
			oa.Recorded++
			if !present {
				oa.NotPresent++
			}
		}
	}
	for _, oa := range byOrg {
		r.ByOrganisation = append(r.ByOrganisation, *oa)
	}
	slices.SortFunc(r.ByOrganisation, func(a, b OrgAbsence) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.OrganisationID, b.OrganisationID)
	})
	return r, nil
}
