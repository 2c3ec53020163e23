package philomena_test

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func TestSaveAndGet(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v, err := e.svc.Get(as(e.officer), e.child.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Profile.Exists() || v.History != nil || v.CanEdit {
			t.Fatalf("before any save: %+v", v)
		}
		p := e.save(e.coordinator, input())
		if p.Version != 1 || p.ID == "" || p.UpdatedByName != "Cora Mendel" {
			t.Fatalf("saved %+v", p)
		}
		v, err = e.svc.Get(as(e.officer), e.child.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Profile
		if got.Phones[0] != "07700900982" || got.Associates[0].Phone != "07700900123" {
			t.Errorf("phone numbers not normalised: %v %v", got.Phones, got.Associates)
		}
		if got.Placement != input().Placement || got.Locations[0].Why != "Seen with older males there" || !got.LookedAfter {
			t.Errorf("read back %+v", got)
		}
		if !got.UpdatedAt.Equal(e.Clock.Now()) || got.Version != 1 {
			t.Errorf("updated %v version %d", got.UpdatedAt, got.Version)
		}

		// A change from the stored version moves it on; a stale one is refused.
		e.Clock.Add(time.Hour)
		in := philomena.InputOf(got)
		in.Hair = "Dyed red"
		in.Associates = append(in.Associates, philomena.Associate{Name: "Casey Rook", Relationship: "Older male, 19"})
		p = e.save(e.practitioner, in)
		if p.Version != 2 || p.Hair != "Dyed red" || len(p.Associates) != 2 {
			t.Fatalf("changed %+v", p)
		}
		_, err = e.svc.Save(as(e.manager), e.child.ID, in)
		wantKind(t, err, errs.Conflict)
		// Saving what is stored changes nothing.
		in.Version = 2
		if p := e.save(e.manager, in); p.Version != 2 {
			t.Errorf("an unchanged save moved the version to %d", p.Version)
		}

		want := []string{
			"Owen Carrick view viewed the Philomena profile (none recorded yet)",
			"Cora Mendel create created the Philomena profile",
			"Owen Carrick view viewed the Philomena profile",
			"Priya Marsh update changed the Philomena profile: hair, associates",
		}
		if got := e.events(); !slices.Equal(got, want) {
			t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		e.Verify()
	})
}

func TestAccess(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.save(e.coordinator, input())
		for _, tc := range []struct {
			name       string
			ctx        context.Context
			view, edit errs.Kind // 0: allowed
		}{
			{"missing coordinator", as(e.coordinator), 0, 0},
			{"practitioner", as(e.practitioner), 0, 0},
			{"manager", as(e.manager), 0, 0},
			{"screener sees only", as(e.screener), 0, errs.Forbidden},
			{"involved police sees only", as(e.officer), 0, errs.Forbidden},
			{"analyst", as(e.analyst), errs.Forbidden, errs.Forbidden},
			{"police not involved", as(e.otherCops), errs.NotFound, errs.NotFound},
			{"another authority", as(e.southManager), errs.NotFound, errs.NotFound},
			{"nobody signed in", context.Background(), errs.Unauthenticated, errs.Unauthenticated},
		} {
			_, err := e.svc.Get(tc.ctx, e.child.ID)
			if (tc.view == 0) != (err == nil) || (tc.view != 0 && !errs.Is(err, tc.view)) {
				t.Errorf("%s: Get: %v, want kind %v", tc.name, err, tc.view)
			}
			_, err = e.svc.Photo(tc.ctx, e.child.ID)
			if tc.view != 0 && !errs.Is(err, tc.view) {
				t.Errorf("%s: Photo: %v, want kind %v", tc.name, err, tc.view)
			}
			_, err = e.svc.ForEdit(tc.ctx, e.child.ID)
			if (tc.edit == 0) != (err == nil) || (tc.edit != 0 && !errs.Is(err, tc.edit)) {
				t.Errorf("%s: ForEdit: %v, want kind %v", tc.name, err, tc.edit)
			}
			in := input()
			if err := e.DB.Read().QueryRowContext(context.Background(), "SELECT version FROM philomena_profiles WHERE person_id = $1",
				e.child.ID).Scan(&in.Version); err != nil {
				t.Fatal(err)
			}
			in.Eyes = "Hazel " + tc.name
			_, err = e.svc.Save(tc.ctx, e.child.ID, in)
			if (tc.edit == 0) != (err == nil) || (tc.edit != 0 && !errs.Is(err, tc.edit)) {
				t.Errorf("%s: Save: %v, want kind %v", tc.name, err, tc.edit)
			}
			_, err = e.svc.SetPhoto(tc.ctx, e.child.ID, jpegBytes(t, 40, 60), 0)
			if (tc.edit == 0) != (err == nil) || (tc.edit != 0 && !errs.Is(err, tc.edit)) {
				t.Errorf("%s: SetPhoto: %v, want kind %v", tc.name, err, tc.edit)
			}
		}

		// A restricted record shows its profile only to the named.
		if err := e.People.Restrict(as(e.manager), e.child.ID, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Get(as(e.coordinator), e.child.ID)
		wantKind(t, err, errs.Forbidden)
		if _, err := e.svc.Get(as(e.practitioner), e.child.ID); err != nil {
			t.Errorf("the named practitioner: %v", err)
		}

		// Adults have no profile.
		adult := e.person(people.Adult, "Dale", "Morrow")
		_, err = e.svc.Get(as(e.coordinator), adult.ID)
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Get(as(e.coordinator), "not-an-id")
		wantKind(t, err, errs.NotFound)
	})
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := input()
		in.LookedAfter = false
		in.Height = strings.Repeat("x", philomena.MaxShort+1)
		in.Associates = []philomena.Associate{{}, {Relationship: "Cousin"}, {Name: "Ari Blythe", Phone: "call me"}}
		in.Locations = []philomena.Location{{Why: "Drug dealing reported"}}
		in.Phones = []string{"07700 900 982", "not a phone"}
		_, err := e.svc.Save(as(e.coordinator), e.child.ID, in)
		var fields []string
		for _, f := range errs.Fields(err) {
			fields = append(fields, f.Field)
		}
		want := []string{"looked_after", "height", "associates-0-name", "associates-1-phone", "risky_locations-0-place", "phones"}
		if !slices.Equal(fields, want) {
			t.Fatalf("fields %v, want %v (%v)", fields, want, err)
		}
		for _, f := range errs.Fields(err) {
			if f.Field == "phones" && !strings.Contains(f.Message, `"not a phone"`) {
				t.Errorf("the phone message does not name the number: %s", f.Message)
			}
		}
		if n := len(e.events()); n != 0 {
			t.Errorf("a refused save left %d audit events", n)
		}
		// Blank rows are dropped, not errors.
		in = input()
		in.Associates = append(in.Associates, philomena.Associate{Name: "  "})
		in.Locations = append(in.Locations, philomena.Location{})
		if p := e.save(e.coordinator, in); len(p.Associates) != 1 || len(p.Locations) != 1 {
			t.Errorf("blank rows kept: %+v", p)
		}
	})
}

func TestPhotoStoredWithoutMetadata(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.SetPhoto(as(e.coordinator), e.child.ID, jpegBytes(t, 40, 60), 0)
		if fs := errs.Fields(err); len(fs) != 1 || fs[0].Field != "photo" {
			t.Fatalf("a photograph before the profile: %v", err)
		}
		e.save(e.coordinator, input())
		_, err = e.svc.Photo(as(e.officer), e.child.ID)
		wantKind(t, err, errs.NotFound)

		upload := withEXIF(t, jpegBytes(t, 120, 160))
		p, err := e.svc.SetPhoto(as(e.coordinator), e.child.ID, upload, 1)
		if err != nil {
			t.Fatal(err)
		}
		if p.Version != 2 || p.Photo == nil || p.Photo.Width != 120 || p.Photo.Height != 160 {
			t.Fatalf("after the upload: %+v %+v", p, p.Photo)
		}
		_, err = e.svc.SetPhoto(as(e.coordinator), e.child.ID, upload, 1)
		wantKind(t, err, errs.Conflict)

		b, err := e.svc.Photo(as(e.officer), e.child.ID)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte("53.7997")) {
			t.Error("the stored photograph kept the EXIF data")
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != 120 || cfg.Height != 160 {
			t.Errorf("stored photograph: %v %+v", err, cfg)
		}
		v, err := e.svc.Get(as(e.officer), e.child.ID)
		if err != nil || v.Profile.Photo == nil || v.Profile.Photo.Bytes != len(b) || v.Profile.Photo.UploadedByName != "Cora Mendel" {
			t.Fatalf("profile's photograph: %v %+v", err, v.Profile.Photo)
		}
		if _, err := e.svc.SetPhoto(as(e.practitioner), e.child.ID, pngBytes(t, 30, 30, true), 0); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"Cora Mendel create created the Philomena profile",
			"Cora Mendel update added a photograph to the Philomena profile",
			"Owen Carrick view viewed the Philomena profile's photograph",
			"Owen Carrick view viewed the Philomena profile",
			"Priya Marsh update replaced the Philomena profile's photograph",
		}
		if got := e.events(); !slices.Equal(got, want) {
			t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		e.Verify()
	})
}

// fakeHistory is a missing history source for the tests.
type fakeHistory struct {
	h   philomena.History
	err error
}

func (f fakeHistory) Summary(ctx context.Context, personID string) (philomena.History, error) {
	return f.h, f.err
}

func TestMissingHistory(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t, migrations))
	start := e.Clock.Now().Add(-48 * time.Hour)
	e.svc.Missing = fakeHistory{h: philomena.History{Episodes: 3, LastStart: start, LastFound: "Eastmoor bus station",
		Months: []philomena.MonthCount{{Year: 2026, Month: 10, Count: 1}, {Year: 2026, Month: 11, Count: 2}}}}
	v, err := e.svc.Get(as(e.coordinator), e.child.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.History == nil || v.History.Episodes != 3 || !v.History.MissingNow() || v.History.InLastYear() != 3 {
		t.Errorf("history %+v", v.History)
	}
	if got := v.History.Months[1].Label(); got != "Nov 2026" {
		t.Errorf("month label %q", got)
	}
	e.svc.Missing = fakeHistory{}
	if v, _ := e.svc.Get(as(e.coordinator), e.child.ID); v.History != nil || v.HistoryProblem {
		t.Errorf("no episodes gave %+v", v.History)
	}
	e.svc.Missing = fakeHistory{err: errors.New("the missing episodes could not be read")}
	if v, err := e.svc.Get(as(e.coordinator), e.child.ID); err != nil || !v.HistoryProblem {
		t.Errorf("a failing source: %v %+v", err, v)
	}
}
