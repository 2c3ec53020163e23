package app

import (
	"net/http"
	"strconv"
	"strings"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// maxWorkingDaysAdded limits a working-days question to about four years;
// its from date must lie in the years whose bank holidays an administrator
// can correct (calendar.FirstChangeYear to LastChangeYear).
const maxWorkingDaysAdded = 1000

// workingDaysAnswer is the body of GET /api/v1/calendar/working-days.
type workingDaysAnswer struct {
	Date civil.Date `json:"date"`
}

// apiWorkingDays answers GET /api/v1/calendar/working-days?from=YYYY-MM-DD&add=N:
// the date N working days after from, counting from the next working day
// when from is not one (so add=0 gives from itself, or the next working
// day).
func (s *server) apiWorkingDays(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v errs.Validation
	from, err := civil.Parse(strings.TrimSpace(q.Get("from")))
	switch {
	case strings.TrimSpace(q.Get("from")) == "":
		v.Add("from", "Enter the date to count from, as YYYY-MM-DD")
	case err != nil:
		v.Add("from", "Enter the date to count from as a real date, YYYY-MM-DD")
	case from.Year < calendar.FirstChangeYear || from.Year > calendar.LastChangeYear:
		v.Add("from", "Enter a date to count from between "+strconv.Itoa(calendar.FirstChangeYear)+" and "+strconv.Itoa(calendar.LastChangeYear))
	}
	n, err := strconv.Atoi(strings.TrimSpace(q.Get("add")))
	if err != nil || n < 0 || n > maxWorkingDaysAdded {
		v.Add("add", "Enter the number of working days to add as a whole number from 0 to "+strconv.Itoa(maxWorkingDaysAdded))
	}
	if err := v.Err(); err != nil {
		return err
	}
	cal, err := s.svc.Calendar.Calendar(r.Context())
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, workingDaysAnswer{Date: cal.AddWorkingDays(from, n)})
	return nil
}
