package people_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, idem.Migrations, people.Migrations)

// env is a service on a fresh database with two local authorities, a police
// force and their staff. Every name in it is invented.
type env struct {
	t                                    *testing.T
	d                                    *db.DB
	clock                                *testclock.Clock
	log                                  *audit.Log
	auth                                 *auth.Service
	svc                                  *people.Service
	north, south, police                 auth.Organisation
	screener, practitioner, lead         *auth.User // Northfield
	manager, dpo, southScreener, officer *auth.User
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	e := &env{t: t, d: d, clock: c, log: a, auth: au, svc: &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}}
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	e.screener = e.user(e.north, "Robin Hale", auth.Screener)
	e.practitioner = e.user(e.north, "Priya Marsh", auth.Practitioner)
	e.lead = e.user(e.north, "Lena Dorrit", auth.Lead)
	e.manager = e.user(e.north, "Marcus Vell", auth.Manager)
	e.dpo = e.user(e.north, "Dana Prowse", auth.DPO)
	e.southScreener = e.user(e.south, "Sol Brenner", auth.Screener)
	e.officer = e.user(e.police, "Owen Carrick", auth.Police)
	return e
}

func (e *env) org(name string, typ auth.OrgType) auth.Organisation {
	e.t.Helper()
	o, err := e.auth.CreateOrganisation(context.Background(), name, typ)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func (e *env) user(org auth.Organisation, name string, roles ...auth.Role) *auth.User {
	e.t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: org.ID,
		Password: "synthetic-passphrase-for-tests-7", Roles: roles, Active: true})
	if err != nil {
		e.t.Fatal(err)
	}
	if u, err = e.auth.GetUser(ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

func (e *env) create(u *auth.User, in people.Input) *people.Person {
	e.t.Helper()
	p, err := e.svc.Create(as(u), in, "")
	if err != nil {
		e.t.Fatalf("creating %s %s: %v %v", in.GivenName, in.FamilyName, err, errs.Fields(err))
	}
	return p
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// trail is the audit trail of a person, oldest first.
func (e *env) trail(id string) []audit.Event {
	e.t.Helper()
	evs, err := e.log.ForPerson(context.Background(), e.d.Read(), id, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Reverse(evs)
	return evs
}

func (e *env) verify() {
	e.t.Helper()
	if r, err := audit.Verify(context.Background(), e.d); err != nil || !r.OK {
		e.t.Fatalf("audit trail: %v %v", r, err)
	}
}

// holdKey makes concurrent creates race on PostgreSQL: it takes an
// idempotency key in an open transaction, and its release waits until n
// requests are queued behind it, then lets them go, so that all but one
// meet the unique index. (SQLite's single writer serialises them anyway.)
func holdKey(t *testing.T, d *db.DB, scope, key string, n int) (release func()) {
	t.Helper()
	return dbtest.HoldRow(t, d, `INSERT INTO request_keys (scope, key, record_id, created_at)
		VALUES ($1, $2, 'held', '2026-11-24T09:00:00.000000Z')`, []any{scope, key}, "INSERT INTO request_keys", n)
}

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("got error %v (kind %v), want kind %v", err, errs.KindOf(err), k)
	}
}

func TestCreateGetUpdateRoundTrip(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.practitioner)
		created := e.create(e.practitioner, fullInput(e.north.ID))
		want := fullWant(e.north.ID)
		if got := people.InputOf(created); !reflect.DeepEqual(got, want) {
			t.Fatalf("created:\n got %+v\nwant %+v", got, want)
		}
		p, err := e.svc.Get(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := people.InputOf(p); !reflect.DeepEqual(got, want) {
			t.Fatalf("read back:\n got %+v\nwant %+v", got, want)
		}
		now := e.clock.Now()
		if p.ID != created.ID || p.Version != 1 || !p.CreatedAt.Equal(now) || !p.UpdatedAt.Equal(now) ||
			p.OwnerOrgName != e.north.Name || p.Restricted || p.ContentHidden || !p.EstimatedOn.IsZero() ||
			!p.CanEdit || p.CanSeeAudit || p.CanManageAccess || p.AgeOn(civil.Of(now)) != 15 {
			t.Fatalf("read back %+v", p)
		}

		// Change every field, including the owner.
		e.clock.Add(time.Hour)
		in := people.Input{
			Kind: people.Adult, GivenName: "Kira", FamilyName: "Ashdown-Reyes", KnownAs: []string{"Kiki"},
			Aliases: []string{"Red"}, EstimatedAge: 19, Gender: "other", Ethnicity: "mixed-other",
			NHSNumber: "4010232137", UPN: validUPN("801200111002"),
			Addresses: []people.Address{{Line: "Flat 2, 9 Quay Street", Town: "Southby", Postcode: "M1 1AE", Current: true}},
			Phones:    []string{"01632 960 001"}, OwnerOrgID: e.south.ID, Version: 1,
		}
		// Only the owning authority's leads and managers may move it.
		if _, err := e.svc.Update(ctx, p.ID, in); errs.Fields(err) == nil || errs.Fields(err)[0].Field != "owning_authority_id" {
			t.Fatalf("a practitioner moved the record to another authority: %v", err)
		}
		upd, err := e.svc.Update(as(e.manager), p.ID, in)
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		in.Phones, in.Version = []string{"01632960001"}, 0
		if upd.Version != 2 {
			t.Fatalf("version after update %d", upd.Version)
		}
		p, err = e.svc.Get(as(e.southScreener), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := people.InputOf(p); !reflect.DeepEqual(got, in) {
			t.Fatalf("after update:\n got %+v\nwant %+v", got, in)
		}
		today := civil.Of(e.clock.Now())
		if p.Version != 2 || !p.CreatedAt.Equal(now) || !p.UpdatedAt.Equal(e.clock.Now()) || p.EstimatedOn != today ||
			p.OwnerOrgName != e.south.Name || !p.DateOfBirth.IsZero() {
			t.Fatalf("after update %+v", p)
		}
		evs := e.trail(p.ID)
		if last := evs[len(evs)-2]; last.Action != audit.Update || last.Detail != "changed kind, given name, family name, "+
			"known-as names, street names, date of birth, estimated age, gender, ethnicity, NHS number, UPN, "+
			"addresses, phone numbers, owning authority" {
			t.Fatalf("update event %+v", last)
		}

		// An estimate keeps the day it was made until the age itself changes.
		e.clock.Add(400 * 24 * time.Hour)
		in.Phones, in.Version = []string{"01632 960 002"}, 2
		if p, err = e.svc.Update(as(e.southScreener), p.ID, in); err != nil {
			t.Fatal(err)
		}
		if p.EstimatedOn != today || p.AgeOn(civil.Of(e.clock.Now())) != 20 {
			t.Fatalf("estimate moved: on %v, age %d", p.EstimatedOn, p.AgeOn(civil.Of(e.clock.Now())))
		}
		in.EstimatedAge, in.Version = 21, 3
		if p, err = e.svc.Update(as(e.southScreener), p.ID, in); err != nil {
			t.Fatal(err)
		}
		if p.EstimatedOn != civil.Of(e.clock.Now()) || p.Version != 4 {
			t.Fatalf("new estimate: on %v, version %d", p.EstimatedOn, p.Version)
		}
		e.verify()
	})
}

func TestUpdateConflictAndNoChange(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.practitioner)
		p := e.create(e.practitioner, fullInput(e.north.ID))
		in := fullInput(e.north.ID)
		in.GivenName, in.Version = "Kiera", 1
		if _, err := e.svc.Update(ctx, p.ID, in); err != nil {
			t.Fatal(err)
		}
		// A second change made from the same, now stale, copy is refused.
		in.GivenName = "Keira"
		_, err := e.svc.Update(ctx, p.ID, in)
		wantKind(t, err, errs.Conflict)
		got, _ := e.svc.Get(ctx, p.ID)
		if got.GivenName != "Kiera" || got.Version != 2 {
			t.Fatalf("after conflict %q v%d", got.GivenName, got.Version)
		}

		// Saving the form unchanged (however it is typed) changes nothing and
		// writes no event.
		before := len(e.trail(p.ID))
		e.clock.Add(time.Minute)
		same := fullInput(e.north.ID)
		same.GivenName, same.Version = "Kiera ", 2
		res, err := e.svc.Update(ctx, p.ID, same)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = e.svc.Get(ctx, p.ID)
		if res.Version != 2 || got.Version != 2 || got.UpdatedAt.Equal(e.clock.Now()) {
			t.Fatalf("unchanged save moved the record: v%d/%d at %v", res.Version, got.Version, got.UpdatedAt)
		}
		if after := e.trail(p.ID); len(after) != before+1 || after[len(after)-1].Action != audit.View {
			t.Fatalf("unchanged save wrote events: %+v", after[before:])
		}
		e.verify()
	})
}

func TestAuditTrail(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.practitioner)
		p := e.create(e.practitioner, fullInput(e.north.ID))
		if _, err := e.svc.Get(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		in := fullInput(e.north.ID)
		in.GivenName, in.Phones = "Kirsty", []string{"07700 900456"}
		if _, err := e.svc.Update(ctx, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.List(ctx, people.ListQuery{Search: "Kirsty Ashdown"}); err != nil {
			t.Fatal(err)
		}
		evs := e.trail(p.ID)
		var actions []string
		for _, ev := range evs {
			actions = append(actions, ev.Action)
			if ev.ActorID != e.practitioner.ID || ev.OrganisationName != e.north.Name || (ev.RecordID != p.ID && ev.Action != audit.Search) {
				t.Errorf("event %+v", ev)
			}
		}
		// The search that found the record is on its trail too.
		if !slices.Equal(actions, []string{audit.Create, audit.View, audit.Update, audit.Search}) || evs[3].RecordType != "person-list" {
			t.Fatalf("actions %v", actions)
		}
		if evs[2].Detail != "changed given name, phone numbers" {
			t.Fatalf("update detail %q", evs[2].Detail)
		}
		// No event anywhere on the trail holds a value of the record.
		rows, err := d.Read().QueryContext(context.Background(), "SELECT detail FROM audit_events")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var detail string
			if err := rows.Scan(&detail); err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{"Kiera", "Kirsty", "Ashdown", "Kee", "Little", "943", "07700", "LS1", "Mill", "2011"} {
				if strings.Contains(strings.ToLower(detail), strings.ToLower(v)) {
					t.Errorf("audit detail %q holds %q", detail, v)
				}
			}
		}
		e.verify()
	})
}

func TestIdempotentCreate(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.practitioner)
		in := basic("Tobias", "Fenwick", e.north.ID)
		first, err := e.svc.Create(ctx, in, "form-1")
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Create(ctx, in, "form-1")
		if err != nil || again.ID != first.ID || again.GivenName != "Tobias" {
			t.Fatalf("repeat: %+v %v", again, err)
		}
		if n := e.count("SELECT COUNT(*) FROM people"); n != 1 {
			t.Fatalf("%d people after a repeated key", n)
		}
		// Keys belong to their user: another's same key is a new request.
		other, err := e.svc.Create(as(e.screener), in, "form-1")
		if err != nil || other.ID == first.ID {
			t.Fatalf("other user's key: %+v %v", other, err)
		}

		// Five retries at once make one record and all answer with it.
		release := holdKey(t, d, "person-create:"+e.practitioner.ID, "api-retry-7", 5)
		ids := make([]string, 5)
		failures := make([]error, 5)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				p, err := e.svc.Create(ctx, basic("Amara", "Fenwick", e.north.ID), "api-retry-7")
				failures[i] = err
				if p != nil {
					ids[i] = p.ID
				}
			})
		}
		release()
		wg.Wait()
		for i := range ids {
			if failures[i] != nil || ids[i] == "" || ids[i] != ids[0] {
				t.Fatalf("concurrent creates: ids %v, errors %v", ids, failures)
			}
		}
		if n := e.count("SELECT COUNT(*) FROM people WHERE family_name = $1 AND given_name = $2", "Fenwick", "Amara"); n != 1 {
			t.Fatalf("%d records from one concurrent key", n)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND record_type = $2", audit.Create, people.RecordType); n != 3 {
			t.Fatalf("%d create events, want 3", n)
		}
		e.verify()
	})
}
