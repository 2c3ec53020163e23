package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/auth"
)

// seedPhilomena adds the demo profiles and returns the person ids of the
// children with one, and of a Northfield child without.
func seedPhilomena(t *testing.T, e *testEnv) (with []string, without string) {
	t.Helper()
	ctx := context.Background()
	if err := demo.SeedPhilomena(ctx, e.svc.Auth, e.svc.People, e.svc.Philomena); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := e.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM philomena_photos").Scan(&n); err != nil || n != 2 {
		t.Fatalf("demo photographs: %d %v", n, err)
	}
	coordinator := e.user("missing-coordinator@northfield.example")
	res, err := e.svc.People.List(auth.WithUser(ctx, coordinator), people.ListQuery{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.People {
		if p.Kind != people.Child || p.ContentHidden || p.OwnerOrgID != coordinator.Organisation.ID {
			continue
		}
		var has int
		if err := e.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM philomena_profiles WHERE person_id = $1", p.ID).Scan(&has); err != nil {
			t.Fatal(err)
		}
		if has > 0 {
			with = append(with, p.ID)
		} else if without == "" {
			without = p.ID
		}
	}
	if len(with) != 2 || without == "" {
		t.Fatalf("demo profiles on %v; a child without one: %q", with, without)
	}
	return with, without
}

func silhouettePNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, demo.Silhouette(90, 120, 0x40)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPhilomenaPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		with, without := seedPhilomena(t, e)
		id := with[0]
		base := "/people/" + id + "/philomena"

		for _, tc := range []struct {
			email      string
			view, edit int
		}{
			{"missing-coordinator@northfield.example", 200, 200},
			{"practitioner@northfield.example", 200, 200},
			{"screener@northfield.example", 200, 403},
			{"officer@police.example", 200, 403},
			{"missing@police.example", 200, 403},
			{"analyst@northfield.example", 403, 403},
			{"manager@riverside.example", 404, 404},
			{"missing-coordinator@harbourlight.example", 404, 404},
		} {
			c := e.signIn(tc.email)
			if code, body := c.get(base); code != tc.view {
				t.Errorf("%s: view %d, want %d", tc.email, code, tc.view)
			} else if code == 200 && (!strings.Contains(body, "Black padded jacket") || !strings.Contains(body, "No missing episodes recorded")) {
				t.Errorf("%s: the profile page does not show the profile:\n%s", tc.email, body)
			}
			if code, _ := c.get(base + "/print"); code != tc.view {
				t.Errorf("%s: print %d, want %d", tc.email, code, tc.view)
			}
			if code, _ := c.get(base + "/photo.jpg"); code != tc.view {
				t.Errorf("%s: photo %d, want %d", tc.email, code, tc.view)
			}
			if code, _ := c.get(base + "/edit"); code != tc.edit {
				t.Errorf("%s: edit %d, want %d", tc.email, code, tc.edit)
			}
		}

		c := e.signIn("officer@police.example")
		code, body, h := c.do("GET", base+"/photo.jpg", nil)
		if code != 200 || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Cache-Control") != "private, no-store" || !strings.HasPrefix(body, "\xff\xd8") {
			t.Errorf("photograph: %d %v", code, h)
		}
		_, body = c.get(base + "/print")
		if !strings.Contains(body, "OFFICIAL-SENSITIVE") || !strings.Contains(body, "Printed by Liam O&#39;Connor") {
			t.Errorf("print view:\n%s", body)
		}
		var events []string
		rows, err := e.db.Read().QueryContext(context.Background(), `SELECT detail FROM audit_events
			WHERE person_id = $1 AND actor_name = $2 AND record_type = $3 ORDER BY seq`, id, "Liam O'Connor", philomena.RecordType)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var d string
			_ = rows.Scan(&d)
			events = append(events, d)
		}
		rows.Close()
		want := "viewed the Philomena profile|opened the Philomena profile's print view|viewed the Philomena profile's photograph|" +
			"viewed the Philomena profile's photograph|opened the Philomena profile's print view"
		if got := strings.Join(events, "|"); got != want {
			t.Errorf("the officer's looks on the trail:\n%s\nwant:\n%s", got, want)
		}

		// The person's page links to the profile; an adult's does not.
		_, body = c.get("/people/" + id)
		if !strings.Contains(body, base) {
			t.Error("the person's page does not link to the profile")
		}

		// A child without a profile: the page offers to create one.
		mc := e.signIn("missing-coordinator@northfield.example")
		if _, body := mc.get("/people/" + without + "/philomena"); !strings.Contains(body, "Create a Philomena profile") {
			t.Errorf("no offer to create a profile:\n%s", body)
		}
		if code, body := mc.get("/people/" + without + "/philomena/photo.jpg"); code != 404 {
			t.Errorf("a photograph of a child without a profile: %d %s", code, body)
		}
	})
}

func TestPhilomenaEditForm(t *testing.T) {
	e := sqliteEnv(t)
	_, id := seedPhilomena(t, e)
	base := "/people/" + id + "/philomena"
	c := e.signIn("practitioner@northfield.example")
	c.get(base + "/edit")
	form := url.Values{"version": {"0"}, "height": {"5ft"}, "associates-0-name": {""}, "associates-0-relationship": {"Cousin"},
		"associates-1-name": {"Rory <b>Lane</b>"}, "associates-1-phone": {"123"}, "risky_locations-0-place": {"Canal towpath"},
		"phones": {"07700 900 111\nnot a number"}}
	code, body, _ := c.post(base+"/edit", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("errors: %d", code)
	}
	for _, want := range []string{"Confirm that the young person is looked after", `href="#associates-0-name"`,
		"Associate 2: Enter a phone number", `value="Rory &lt;b&gt;Lane&lt;/b&gt;"`, `value="Canal towpath"`, "not a number"} {
		if !strings.Contains(body, want) {
			t.Errorf("the form with errors lacks %q", want)
		}
	}
	// Add another: one more row, answers kept.
	form = url.Values{"version": {"0"}, "action": {"add-location"}, "hair": {"Red"}, "risky_locations-0-place": {"Canal towpath"},
		"risky_locations-1-place": {""}}
	code, body, _ = c.post(base+"/edit", form)
	if code != 200 || !strings.Contains(body, `id="risky_locations-2-place"`) || !strings.Contains(body, `value="Red"`) {
		t.Fatalf("add another: %d", code)
	}
	form = url.Values{"version": {"0"}, "looked_after": {"yes"}, "hair": {"Red"}, "risky_locations-0-place": {"Canal towpath"},
		"risky_locations-0-why": {"Older males meet young people there"}}
	if code, _, h := c.post(base+"/edit", form); code != http.StatusSeeOther || h.Get("Location") != base {
		t.Fatalf("save: %d %v", code, h)
	}
	if _, body := c.get(base); !strings.Contains(body, "Older males meet young people there") {
		t.Error("the saved profile does not show the location")
	}
	// A second save from the same (stale) version is refused.
	if code, _, _ := c.post(base+"/edit", form); code != http.StatusConflict {
		t.Errorf("a stale save: %d", code)
	}

	// The photograph: problems beside the field; a good one saved.
	c.get(base + "/photo")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"none", nil, "Select a photograph to upload"},
		{"a gif", []byte("GIF89a\x01\x00\x01\x00"), "must be a JPG or PNG"},
		{"a little too large", append(silhouettePNG(t), make([]byte, philomena.MaxPhotoBytes)...), "smaller than 5 MB"},
		{"truncated", silhouettePNG(t)[:200], "could not be read"},
	} {
		code, body, _ := c.upload(base+"/photo", "photo", "photo.png", tc.data, url.Values{"version": {"1"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) || !strings.Contains(body, `govuk-file-upload--error`) {
			t.Errorf("%s: %d, want the form saying %q", tc.name, code, tc.want)
		}
	}
	code, body, _ = c.upload(base+"/photo", "photo", "photo.png", make([]byte, 5*philomena.MaxPhotoBytes), url.Values{"version": {"1"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "too large to upload") {
		t.Errorf("far too large: %d\n%s", code, body)
	}
	c.get(base + "/photo")
	if code, body, _ := c.upload(base+"/photo", "photo", "photo.png", silhouettePNG(t), url.Values{"version": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", code, body)
	}
	if _, body := c.get(base); !strings.Contains(body, base+"/photo.jpg") {
		t.Error("the page does not show the photograph")
	}
}

func TestPhilomenaAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		with, without := seedPhilomena(t, e)
		officer, coordinator := e.token("officer@police.example"), e.token("missing-coordinator@northfield.example")
		path := "/api/v1/people/" + with[0] + "/philomena"
		code, body := e.api("GET", path, officer, "")
		var got struct {
			Version        int             `json:"version"`
			Phones         []string        `json:"phones"`
			PhotoURL       string          `json:"photo_url"`
			MissingHistory json.RawMessage `json:"missing_history"`
		}
		if err := json.Unmarshal([]byte(body), &got); code != 200 || err != nil {
			t.Fatalf("GET: %d %v\n%s", code, err, body)
		}
		if got.Version != 2 || got.Phones[0] != "07700900982" || got.PhotoURL != "/people/"+with[0]+"/philomena/photo.jpg" ||
			string(got.MissingHistory) != "null" {
			t.Errorf("GET: %+v", got)
		}
		in := fmt.Sprintf(`{"looked_after": true, "hair": "Blue", "phones": ["07700 900 555"], "version": %d}`, got.Version)
		if code, body := e.api("PUT", path, officer, in); code != 403 {
			t.Errorf("the officer changed it: %d %s", code, body)
		}
		if code, body := e.api("PUT", path, coordinator, in); code != 200 || !strings.Contains(body, `"hair": "Blue"`) {
			t.Errorf("PUT: %d %s", code, body)
		}
		if code, _ := e.api("PUT", path, coordinator, in); code != 409 {
			t.Errorf("a stale PUT: %d", code)
		}
		if code, body := e.api("PUT", path, coordinator, `{"looked_after": true, "hairs": "x", "version": 3}`); code != 422 || !strings.Contains(body, "hairs") {
			t.Errorf("an unknown field: %d %s", code, body)
		}
		other := "/api/v1/people/" + without + "/philomena"
		if code, _ := e.api("GET", other, coordinator, ""); code != 404 {
			t.Errorf("GET of no profile: %d", code)
		}
		if code, body := e.api("PUT", other, coordinator, `{"looked_after": false, "phones": ["x"], "version": 0}`); code != 422 ||
			!strings.Contains(body, `"field": "looked_after"`) || !strings.Contains(body, `"field": "phones"`) {
			t.Errorf("PUT with problems: %d %s", code, body)
		}
		if code, body := e.api("PUT", other, coordinator, `{"looked_after": true, "version": 0}`); code != 201 || !strings.Contains(body, `"version": 1`) {
			t.Errorf("PUT to create: %d %s", code, body)
		}
		if code, _ := e.api("GET", path, e.token("analyst@northfield.example"), ""); code != 403 {
			t.Errorf("an analyst: %d", code)
		}
	})
}
