package access_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

var (
	la  = auth.Organisation{ID: "la1", Name: "Northfield", Type: auth.LocalAuthority}
	la2 = auth.Organisation{ID: "la2", Name: "Riverside", Type: auth.LocalAuthority}
	pol = auth.Organisation{ID: "pol", Name: "Police", Type: auth.PoliceForce}
)

func user(id string, org auth.Organisation, roles ...auth.Role) *auth.User {
	return &auth.User{ID: id, Active: true, Organisation: org, Roles: roles}
}

func TestView(t *testing.T) {
	child := access.Record{Type: "person", ID: "c1", OwnerOrgID: "la1"}
	involvedChild := access.Record{Type: "person", ID: "c2", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}}
	restricted := access.Record{Type: "person", ID: "c3", OwnerOrgID: "la1", Restricted: true, NamedUsers: []string{"sw"}}
	for _, tc := range []struct {
		name string
		u    *auth.User
		r    access.Record
		want access.Level
		edit bool
	}{
		{"owner social worker", user("sw", la, auth.Practitioner), child, access.Full, true},
		{"owner screener", user("s", la, auth.Screener), child, access.Full, true},
		{"owner analyst reads only", user("a", la, auth.Analyst), child, access.Full, false},
		{"owner referrer", user("r", la, auth.Referrer), child, access.None, false},
		{"owner administrator", user("ad", la, auth.Administrator), child, access.None, false},
		{"other authority", user("x", la2, auth.Manager), child, access.None, false},
		{"police not involved", user("p", pol, auth.Police), child, access.None, false},
		{"police involved", user("p", pol, auth.Police), involvedChild, access.Full, true},
		{"police referrer involved", user("p", pol, auth.Referrer), involvedChild, access.None, false},
		{"restricted, named", user("sw", la, auth.Practitioner), restricted, access.Full, true},
		{"restricted, not named", user("m", la, auth.Manager), restricted, access.Existence, false},
		{"inactive", &auth.User{ID: "sw", Organisation: la, Roles: []auth.Role{auth.Practitioner}}, child, access.None, false},
	} {
		if got := access.View(tc.u, tc.r); got != tc.want {
			t.Errorf("%s: View = %d, want %d", tc.name, got, tc.want)
		}
		if got := access.Edit(tc.u, tc.r); got != tc.edit {
			t.Errorf("%s: Edit = %v, want %v", tc.name, got, tc.edit)
		}
	}
	if !access.ViewAudit(user("d", la, auth.DPO), restricted) {
		t.Error("the owning authority's DPO sees who has seen a restricted record")
	}
	if access.ViewAudit(user("m", la, auth.Manager), restricted) || !access.ViewAudit(user("m", la, auth.Manager), child) {
		t.Error("a manager sees the trail of what they can see, only")
	}
	if access.ViewAudit(user("sw", la, auth.Practitioner), child) {
		t.Error("a practitioner does not see the trail")
	}
	if !access.Manage(user("m", la, auth.Manager), child) || access.Manage(user("p", pol, auth.Police, auth.Manager), involvedChild) {
		t.Error("only the owning authority's leads and managers manage access")
	}
}

// TestScopeAgreesWithView checks that the SQL scope returns exactly the
// records that View allows, for every user against every record.
func TestScopeAgreesWithView(t *testing.T) {
	ms := append(slices.Clone(auth.Migrations), access.Migrations...)
	ms = append(ms, db.Migration{ID: "99999999_things", SQL: "CREATE TABLE things (id TEXT PRIMARY KEY, owner TEXT NOT NULL, restricted BOOLEAN NOT NULL);"})
	dbtest.Each(t, ms, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 2, 11, 30, 0, 0, time.UTC)
		users := []*auth.User{
			user("sw", la, auth.Practitioner), user("m", la, auth.Manager), user("r", la, auth.Referrer),
			user("x", la2, auth.Screener), user("p", pol, auth.Police), user("pa", pol, auth.Analyst),
		}
		records := []access.Record{
			{Type: "thing", ID: "t1", OwnerOrgID: "la1"},
			{Type: "thing", ID: "t2", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}},
			{Type: "thing", ID: "t3", OwnerOrgID: "la1", Restricted: true, NamedUsers: []string{"sw"}},
			{Type: "thing", ID: "t4", OwnerOrgID: "la2", InvolvedOrg: []string{"la1"}},
			{Type: "thing", ID: "t5", OwnerOrgID: "la2", Restricted: true, InvolvedOrg: []string{"pol"}, NamedUsers: []string{"p"}},
		}
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			for _, o := range []auth.Organisation{la, la2, pol} {
				if _, err := tx.ExecContext(ctx, "INSERT INTO organisations (id, name, type, created_at) VALUES ($1, $2, $3, $4)", o.ID, o.Name, o.Type, db.Time(now)); err != nil {
					return err
				}
			}
			for _, u := range users {
				if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, organisation_id, email, name, password_hash, created_at, updated_at)
					VALUES ($1, $2, $3, $4, 'x', $5, $5)`, u.ID, u.Organisation.ID, u.ID+"@example.org", u.ID, db.Time(now)); err != nil {
					return err
				}
			}
			for _, r := range records {
				if _, err := tx.ExecContext(ctx, "INSERT INTO things (id, owner, restricted) VALUES ($1, $2, $3)", r.ID, r.OwnerOrgID, r.Restricted); err != nil {
					return err
				}
				for _, o := range r.InvolvedOrg {
					if err := access.Involve(ctx, tx, r.Type, r.ID, o, "test", now); err != nil {
						return err
					}
				}
				if err := access.SetNamedUsers(ctx, tx, r.Type, r.ID, r.NamedUsers, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			var want, wantContent []string
			for _, r := range records {
				loaded := access.Record{Type: r.Type, ID: r.ID, OwnerOrgID: r.OwnerOrgID, Restricted: r.Restricted}
				if err := access.Load(ctx, d.Read(), &loaded); err != nil {
					t.Fatal(err)
				}
				if lv := access.View(u, loaded); lv >= access.Existence {
					want = append(want, r.ID)
					if lv == access.Full {
						wantContent = append(wantContent, r.ID)
					}
				}
			}
			got := query(t, d, func(a *db.Args) string { return access.Scope(u, a, "thing", "t.id", "t.owner") })
			gotContent := query(t, d, func(a *db.Args) string {
				return access.ContentScope(u, a, "thing", "t.id", "t.owner", "t.restricted")
			})
			if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(gotContent) != fmt.Sprint(wantContent) {
				t.Errorf("user %s: scope %v content %v, but View allows %v content %v", u.ID, got, gotContent, want, wantContent)
			}
		}
	})
}

func query(t *testing.T, d *db.DB, cond func(*db.Args) string) []string {
	t.Helper()
	var a db.Args
	rows, err := d.Read().QueryContext(context.Background(), "SELECT t.id FROM things t WHERE "+cond(&a)+" ORDER BY t.id", a...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestMerge(t *testing.T) {
	a := access.Record{Type: "person", ID: "a", OwnerOrgID: "la1"}
	b := access.Record{Type: "person", ID: "b", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}}
	other := access.Record{Type: "person", ID: "o", OwnerOrgID: "la2"}
	restricted := access.Record{Type: "person", ID: "r", OwnerOrgID: "la1", Restricted: true, NamedUsers: []string{"named-lead"}}
	for _, tc := range []struct {
		name      string
		u         *auth.User
		keep, dup access.Record
		want      bool
	}{
		{"owner's lead", user("l", la, auth.Lead), a, b, true},
		{"owner's manager", user("m", la, auth.Manager), b, a, true},
		{"owner's screener", user("s", la, auth.Screener), a, b, false},
		{"owner's practitioner", user("p", la, auth.Practitioner), a, b, false},
		{"owner's DPO", user("d", la, auth.DPO), a, b, false},
		{"involved police", user("p", pol, auth.Police, auth.Manager), b, b, false},
		{"the same record", user("l", la, auth.Lead), a, a, false},
		{"another authority's record", user("l", la, auth.Lead), a, other, false},
		{"other authority's lead", user("l2", la2, auth.Lead), other, a, false},
		{"restricted, not named", user("l", la, auth.Lead), a, restricted, false},
		{"restricted, named", user("named-lead", la, auth.Lead), restricted, a, true},
		{"inactive lead", &auth.User{ID: "l", Organisation: la, Roles: []auth.Role{auth.Lead}}, a, b, false},
	} {
		if got := access.Merge(tc.u, tc.keep, tc.dup); got != tc.want {
			t.Errorf("%s: Merge = %v, want %v", tc.name, got, tc.want)
		}
	}
}
