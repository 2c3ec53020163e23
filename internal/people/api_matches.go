package people

import (
	"net/http"
	"strconv"
	"strings"

	"mace/internal/people/match"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// APIMatches answers GET /api/v1/people/matches: the records the caller may
// see that may be the young person described, best first, each with a score
// from 0 to 1 and the reasons in plain words.
//
// Query: given_name, family_name, known_as (repeatable), date_of_birth
// (2010-03-27 or 27/3/2010), age (approximate, in years), postcode and
// phone (each repeatable), limit (1 to 50, default 10).
func (h *Handlers) APIMatches(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q := MatchQuery{GivenNames: v.Get("given_name"), FamilyName: v.Get("family_name"), OtherNames: v["known_as"],
		Postcodes: v["postcode"], Phones: v["phone"]}
	var bad errs.Validation
	if s := strings.TrimSpace(v.Get("date_of_birth")); s != "" {
		d, err := match.ParseDate(s)
		if err != nil {
			bad.Add("date_of_birth", err.Error())
		}
		q.DateOfBirth = d
	}
	if s := strings.TrimSpace(v.Get("age")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 120 {
			bad.Add("age", "Age must be a whole number of years between 1 and 120")
		}
		q.AgeYears = n
	}
	limit := 10
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 50 {
			bad.Add("limit", "Limit must be a whole number from 1 to 50")
		}
		limit = n
	}
	if err := bad.Err(); err != nil {
		return err
	}
	ms, err := h.Svc.Matches(r.Context(), q, limit)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ms)
	return nil
}
