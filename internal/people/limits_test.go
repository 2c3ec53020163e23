package people_test

import (
	"slices"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	if want := []errs.FieldError{{Field: field, Message: msg}}; !errs.Is(err, errs.Invalid) || !slices.Equal(errs.Fields(err), want) {
		t.Fatalf("got %v %v, want %v", err, errs.Fields(err), want)
	}
}

// A name search is at most 200 characters and 10 words: a longer one is
// refused with a plain message (a 900 KB search once took seconds of the
// database's time), and writes nothing to the audit trail.
func TestSearchLimits(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.load(basic("Kiera", "Ashdown", e.north.ID))
		before := e.count("SELECT COUNT(*) FROM audit_events")
		for _, q := range []string{strings.Repeat("a", 201), strings.Repeat("ash ", 225_000), "a b c d e f g h i j k"} {
			_, err := e.svc.List(as(e.screener), people.ListQuery{Search: q})
			msg := "Enter 10 words or fewer to search for"
			if len(q) > 200 {
				msg = "Enter 200 characters or fewer to search for"
			}
			wantField(t, err, "q", msg)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_events"); n != before {
			t.Errorf("refused searches wrote %d events", n-before)
		}
		for _, q := range []string{"  ash  " + strings.Repeat(" ", 300), "kiera ashdown k a k a k a k a", strings.Repeat("ä", 200)} {
			if _, err := e.svc.List(as(e.screener), people.ListQuery{Search: q}); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
}

// A match search takes at most 10 known-as names, postcodes and phone
// numbers, each of a sensible length, each refused by its own field.
func TestMatchInputLimits(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		long := strings.Repeat("k", 101)
		for _, c := range []struct {
			q          people.MatchQuery
			field, msg string
		}{
			{people.MatchQuery{GivenNames: "Kiera", OtherNames: []string{"KJ", long}}, "known_as", "Each known-as name must be 100 characters or fewer"},
			{people.MatchQuery{GivenNames: "Kiera", OtherNames: numbered("KJ", 60000)}, "known_as", "Give at most 10 known-as or street names"},
			{people.MatchQuery{GivenNames: "Kiera", Postcodes: slices.Repeat([]string{"LS1 4AP"}, 11)}, "postcode", "Give at most 10 postcodes"},
			{people.MatchQuery{GivenNames: "Kiera", Phones: phones(11)}, "phone", "Give at most 10 phone numbers"},
			{people.MatchQuery{GivenNames: "Kiera", Phones: []string{strings.Repeat("0", 200_000)}}, "phone", "Enter a phone number, like 07700 900 982"},
		} {
			_, err := e.svc.Matches(as(e.screener), c.q, 10)
			wantField(t, err, c.field, c.msg)
		}
	})
}
