package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// Involved is an organisation involved with a record, why and since when.
type Involved struct {
	auth.Organisation
	Reason string
	Since  time.Time
}

// AccessInfo is who may see a record beyond its owning authority's staff.
type AccessInfo struct {
	Involved   []Involved          // organisations involved besides the owner
	Others     []auth.Organisation // organisations that could be granted access
	Named      []*auth.User        // who may see it while restricted
	Candidates []*auth.User        // staff who could be named
}

func (s *Service) manageable(ctx context.Context, tx *sql.Tx, id string) (*auth.User, *Person, access.Record, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, nil, access.Record{}, err
	}
	p, rec, err := s.load(ctx, tx, u, id)
	if err != nil {
		return nil, nil, rec, err
	}
	if !access.Manage(u, rec) {
		return nil, nil, rec, errs.E(errs.Forbidden, "Only leads and managers of the owning authority can change who may see this record")
	}
	return u, p, rec, nil
}

// Access returns the record and who may see it, for its managers.
func (s *Service) Access(ctx context.Context, id string) (*Person, AccessInfo, error) {
	var info AccessInfo
	var p *Person
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var rec access.Record
		var err error
		if _, p, rec, err = s.manageable(ctx, tx, id); err != nil {
			return err
		}
		orgs, err := s.Orgs.ListOrganisations(ctx)
		if err != nil {
			return err
		}
		involved, err := access.Involvements(ctx, tx, RecordType, p.ID)
		if err != nil {
			return err
		}
		byID := map[string]auth.Organisation{}
		for _, o := range orgs {
			byID[o.ID] = o
			if o.ID != p.OwnerOrgID && !slices.Contains(rec.InvolvedOrg, o.ID) {
				info.Others = append(info.Others, o)
			}
		}
		for _, in := range involved {
			if o, ok := byID[in.OrganisationID]; ok && o.ID != p.OwnerOrgID {
				info.Involved = append(info.Involved, Involved{Organisation: o, Reason: in.Reason, Since: in.Since})
			}
		}
		staff, err := s.staffOf(ctx, append([]string{p.OwnerOrgID}, rec.InvolvedOrg...))
		if err != nil {
			return err
		}
		for _, st := range staff {
			if slices.Contains(rec.NamedUsers, st.ID) {
				info.Named = append(info.Named, st)
			}
			if access.View(st, access.Record{Type: rec.Type, ID: rec.ID, OwnerOrgID: rec.OwnerOrgID, InvolvedOrg: rec.InvolvedOrg}) == access.Full {
				info.Candidates = append(info.Candidates, st)
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: p.ID, PersonID: p.ID,
			Detail: "viewed who may see this record"})
	})
	if err != nil {
		return nil, info, errs.Wrap(err, "reading who may see the record")
	}
	return p, info, nil
}

func (s *Service) staffOf(ctx context.Context, orgIDs []string) ([]*auth.User, error) {
	var out []*auth.User
	for _, id := range orgIDs {
		us, err := s.Orgs.ListUsers(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if u.Active {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// Restrict limits the record to named users (the person restricting it is
// always named, so no one locks themselves out), or lifts the restriction.
func (s *Service) Restrict(ctx context.Context, id string, restricted bool, named []string) error {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, p, rec, err := s.manageable(ctx, tx, id)
		if err != nil {
			return err
		}
		if !restricted {
			named = nil
		} else if !slices.Contains(named, u.ID) {
			named = append(named, u.ID)
		}
		staff, err := s.staffOf(ctx, append([]string{p.OwnerOrgID}, rec.InvolvedOrg...))
		if err != nil {
			return err
		}
		for _, n := range named {
			if !slices.ContainsFunc(staff, func(st *auth.User) bool { return st.ID == n }) {
				var v errs.Validation
				v.Add("named", "Select people from the owning authority or an organisation involved with the record")
				return v.Err()
			}
		}
		now := s.now()
		if err := setRestricted(ctx, tx, id, restricted, now); err != nil {
			return err
		}
		if err := access.SetNamedUsers(ctx, tx, RecordType, id, named, now); err != nil {
			return err
		}
		detail := "restriction lifted"
		if restricted {
			detail = fmt.Sprintf("restricted to %d named %s", len(named), plural(len(named), "person", "people"))
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Restrict, RecordType: RecordType, RecordID: id, PersonID: id, Detail: detail})
	})
	return errs.Wrap(err, "changing the restriction")
}

// Grant lets another organisation's staff see the record.
func (s *Service) Grant(ctx context.Context, id, orgID, reason string) error {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, p, rec, err := s.manageable(ctx, tx, id)
		if err != nil {
			return err
		}
		var v errs.Validation
		orgs, err := s.orgNames(ctx)
		if err != nil {
			return err
		}
		org, ok := orgs[orgID]
		if !ok || orgID == p.OwnerOrgID || slices.Contains(rec.InvolvedOrg, orgID) {
			v.Add("organisation_id", "Select an organisation that cannot already see the record")
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			v.Add("reason", "Enter why this organisation needs to see the record")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := access.Involve(ctx, tx, RecordType, id, orgID, reason, s.now()); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Grant, RecordType: RecordType, RecordID: id, PersonID: id,
			Detail: "granted access to " + org.Name})
	})
	return errs.Wrap(err, "granting access")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
