package rhiquality

import (
	"net/http"
	"strconv"

	"mace/internal/platform/web"
)

// The proposed sample of a month's interviews to audit.

type sampleData struct {
	Sample   *Sample
	Services []string
}

// ruleFrom reads the sample rule from a query, with the defaults for
// anything not given.
func ruleFrom(f *web.Form) SampleRule {
	rule := DefaultSampleRule
	for _, p := range []struct {
		name string
		n    *int
	}{{"percent", &rule.Percent}, {"minimum", &rule.Minimum}} {
		if s := f.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				n = -1
			}
			*p.n = n
		}
	}
	return rule
}

// Sample shows the month's services and, for the service chosen, the
// sample of its interviews to audit.
func (h *Handlers) Sample(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r.URL.Query())
	if f.Get("month") == "" {
		f.Values.Set("month", MonthOf(h.Svc.londonNow().AddDate(0, 0, -h.Svc.londonNow().Day())))
	}
	rule := ruleFrom(f)
	f.Values.Set("percent", strconv.Itoa(rule.Percent))
	f.Values.Set("minimum", strconv.Itoa(rule.Minimum))
	smp, err := h.Svc.ProposeSample(r.Context(), f.Get("month"), f.Get("service"), rule)
	status := http.StatusOK
	if f.Fail(err) {
		status, smp = http.StatusUnprocessableEntity, nil
	} else if err != nil {
		return err
	}
	d := sampleData{Sample: smp}
	if smp != nil {
		d.Services = smp.Services
	}
	return h.render(w, r, status, "quality_sample", "Sample interviews to audit", f, d)
}
