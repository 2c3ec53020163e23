package demo

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/task"
)

// Password is the password of every demo user. The demo is for trying the
// service out on synthetic data; never run it with real records.
const Password = "mace-demo-password"

// Sizes of the synthetic caseload.
var Sizes = map[string]int{"small": 400, "region": 100_000}

// Services are what seeding needs.
type Services struct {
	Auth   *auth.Service
	People *people.Service
	Tasks  *task.Service // nil: no demo tasks
}

// Seeded reports whether the database already holds organisations (the demo
// is only created on an empty database).
func Seeded(ctx context.Context, s Services) (bool, error) {
	orgs, err := s.Auth.ListOrganisations(ctx)
	return len(orgs) > 0, err
}

// Seed creates the demo partnership, its users and a caseload of size
// people (children, and about one adult of concern for every eight
// children), reproducibly from seed. It reports progress to out.
func Seed(ctx context.Context, s Services, size int, seed uint64, asOf time.Time, out io.Writer) error {
	orgs, users := Partnership()
	orgIDs := map[string]string{}
	teamIDs := map[string]string{}
	areaLA := map[string]string{}
	var police []string
	for _, o := range orgs {
		created, err := s.Auth.CreateOrganisation(ctx, o.Name, auth.OrgType(o.Type))
		if err != nil {
			return fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		orgIDs[o.Key] = created.ID
		if o.Type == string(auth.LocalAuthority) {
			areaLA[o.Area] = created.ID
		}
		if o.Type == string(auth.PoliceForce) {
			police = append(police, created.ID)
		}
		for _, t := range o.Teams {
			team, err := s.Auth.CreateTeam(ctx, created.ID, t.Name, t.Locality)
			if err != nil {
				return fmt.Errorf("team %s: %w", t.Name, err)
			}
			teamIDs[t.Key] = team.ID
		}
	}
	userIDs := map[string]string{}
	for _, u := range users {
		in := auth.UserInput{Email: u.Email, Name: u.Name, OrganisationID: orgIDs[u.OrgKey], Password: Password, Active: true}
		for _, r := range u.Roles {
			in.Roles = append(in.Roles, auth.Role(r))
		}
		for _, t := range u.TeamKeys {
			in.TeamIDs = append(in.TeamIDs, teamIDs[t])
		}
		created, err := s.Auth.CreateUser(ctx, in)
		if err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
		userIDs[u.Email] = created.ID
	}
	g := NewGenerator(seed)
	const batch = 2000
	var recs []people.NewRecord
	var caseload []child // the first children of each authority, for the demo tasks
	start := time.Now()
	done := 0
	flush := func() error {
		if len(recs) == 0 {
			return nil
		}
		ids, err := s.People.CreateMany(ctx, recs)
		if err != nil {
			return err
		}
		for i, id := range ids {
			if recs[i].Input.Kind == people.Child && len(caseload) < 40 {
				caseload = append(caseload, child{id, recs[i].Input.OwnerOrgID, len(recs[i].InvolvedOrgIDs) > 0})
			}
		}
		done += len(recs)
		recs = recs[:0]
		if size >= 10_000 {
			fmt.Fprintf(out, "\r  %d of %d people (%d%%)", done, size, done*100/size)
		}
		return nil
	}
	for i := range size {
		var p Person
		if i%9 == 8 {
			p = g.Adult(asOf)
		} else {
			p = g.Child(asOf)
		}
		rec := people.NewRecord{Input: p.Input(areaLA[p.Area])}
		// About one child in six is known to the police: their records
		// are shared with the force.
		if p.IsChild && i%6 == 0 {
			rec.InvolvedOrgIDs = police
		}
		recs = append(recs, rec)
		if len(recs) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if size >= 10_000 {
		fmt.Fprintf(out, "\r  %d people in %s\n", done, time.Since(start).Round(time.Millisecond))
	}
	if s.Tasks == nil {
		return nil
	}
	return seedTasks(ctx, s.Tasks, asOf, orgIDs, teamIDs, userIDs, caseload)
}

// Input is the generated person as a person record owned by ownerOrgID.
func (p Person) Input(ownerOrgID string) people.Input {
	in := people.Input{
		Kind: people.Adult, GivenName: p.GivenName, FamilyName: p.FamilyName, KnownAs: p.KnownAs,
		EstimatedAge: p.EstimatedAge, Gender: p.Gender, Ethnicity: p.Ethnicity, NHSNumber: p.NHSNumber, UPN: p.UPN,
		OwnerOrgID: ownerOrgID,
	}
	if p.IsChild {
		in.Kind = people.Child
	}
	if !p.DateOfBirth.IsZero() {
		in.DateOfBirth = civil.Of(p.DateOfBirth).String()
	}
	if p.AddressLine != "" {
		in.Addresses = []people.Address{{Line: p.AddressLine, Town: p.Town, Postcode: p.Postcode, Current: true}}
	}
	if p.Phone != "" {
		in.Phones = []string{p.Phone}
	}
	return in
}

// SignIns describes the demo users for the start-up message.
func SignIns() string {
	orgs, users := Partnership()
	names := map[string]string{}
	for _, o := range orgs {
		names[o.Key] = o.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Demo sign-ins (password for all: %s):\n", Password)
	slices.SortStableFunc(users, func(a, b User) int { return strings.Compare(a.OrgKey, b.OrgKey) })
	for _, u := range users {
		fmt.Fprintf(&b, "  %-40s %-28s %s\n", u.Email, strings.Join(u.Roles, ", "), names[u.OrgKey])
	}
	return b.String()
}
