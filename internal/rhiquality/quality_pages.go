package rhiquality

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The pages and API of the quality audit of return interviews, under
// /return-interview-audits.

//go:embed templates/quality*.html
var Templates embed.FS

// Handlers serve the quality audit pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
	Log *slog.Logger
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, page, title string, f *web.Form, data any) {
	h.R.Render(w, r, status, "quality/"+page, web.Page{Title: title, Nav: "missing", Form: f, Data: data})
}

type standardsData struct {
	Current, Retired []Standard
	CanManage        bool
}

// Standards lists the standards, with the form to add one and buttons to
// retire them for those who may.
func (h *Handlers) Standards(w http.ResponseWriter, r *http.Request) {
	h.showStandards(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showStandards(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	list, err := h.Svc.Standards(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := standardsData{CanManage: access.ManageStandards(auth.UserFrom(r.Context()))}
	for _, s := range list {
		if s.Retired() {
			d.Retired = append(d.Retired, s)
		} else {
			d.Current = append(d.Current, s)
		}
	}
	h.render(w, r, status, "quality_standards", "Return interview standards", f, d)
}

// AddStandard adds a standard from the form.
func (h *Handlers) AddStandard(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	st, err := h.Svc.AddStandard(r.Context(), StandardInput{Code: f.Get("code"), Statement: f.Get("statement"),
		Guidance: f.Values.Get("guidance")})
	if f.Fail(err) || (errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0) {
		if errs.Is(err, errs.Conflict) {
			f.Errors = append(f.Errors, errs.Fields(err)...)
		}
		h.showStandards(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/return-interview-audits/standards", "Standard "+st.Code+" added")
}

// RetireStandard retires the standard named in the path.
func (h *Handlers) RetireStandard(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := h.Svc.RetireStandard(r.Context(), code); err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/return-interview-audits/standards", "Standard "+code+" retired")
}

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
func (h *Handlers) Sample(w http.ResponseWriter, r *http.Request) {
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
		h.R.Error(w, r, err)
		return
	}
	d := sampleData{Sample: smp}
	if smp != nil {
		d.Services = smp.Services
	}
	h.render(w, r, status, "quality_sample", "Sample interviews to audit", f, d)
}

type auditData struct {
	Subject   *AuditSubject
	Standards []auditStandard
	Back      string
}

type auditStandard struct {
	Standard
	Hint       string
	Options    []map[string]any
	ScoreName  string
	Comment    string
	CommentFor string
}

// auditForm fills the form from the stored audit, or the data's
// suggestions for a new one.
func auditForm(sub *AuditSubject) *web.Form {
	f := web.NewForm(url.Values{})
	for _, st := range sub.Standards {
		if sub.Audit != nil {
			if sc, ok := sub.Audit.ScoreOf(st.Code); ok {
				f.Values.Set(ScoreField(st.Code), sc.Score)
				f.Values.Set(CommentField(st.Code), sc.Comment)
			}
		} else if sg, ok := sub.Suggestions[st.Code]; ok {
			f.Values.Set(ScoreField(st.Code), sg.Score)
		}
	}
	if sub.Audit != nil {
		f.Values.Set("overall_comment", sub.Audit.OverallComment)
		f.Values.Set("version", strconv.Itoa(sub.Audit.Version))
	}
	return f
}

// AuditInputFromForm reads the audit form: a score and a comment per
// standard of the subject, the overall comment and the version.
func AuditInputFromForm(f *web.Form, standards []Standard) AuditInput {
	in := AuditInput{Scores: map[string]string{}, Comments: map[string]string{},
		OverallComment: f.Values.Get("overall_comment")}
	for _, st := range standards {
		in.Scores[st.Code] = f.Get(ScoreField(st.Code))
		in.Comments[st.Code] = f.Values.Get(CommentField(st.Code))
	}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	return in
}

// Audit shows the audit form of an episode's return interview.
func (h *Handlers) Audit(w http.ResponseWriter, r *http.Request) {
	sub, err := h.Svc.AuditSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.showAudit(w, r, http.StatusOK, auditForm(sub), sub)
}

func (h *Handlers) showAudit(w http.ResponseWriter, r *http.Request, status int, f *web.Form, sub *AuditSubject) {
	d := auditData{Subject: sub, Back: "/return-interview-audits/sample?" + url.Values{"month": {sub.Month},
		"service": {sub.Service}}.Encode()}
	for _, st := range sub.Standards {
		as := auditStandard{Standard: st, ScoreName: ScoreField(st.Code), Comment: CommentField(st.Code),
			CommentFor: "Comment on " + strings.ToLower(st.Statement[:1]) + st.Statement[1:], Hint: st.Guidance}
		if sg, ok := sub.Suggestions[st.Code]; ok {
			as.Hint = strings.TrimSpace(fmt.Sprintf("%s Suggested from the record: %s. %s. Check it and confirm.",
				st.Guidance, strings.ToLower(ScoreLabel(sg.Score)), sg.Reason))
		}
		for _, c := range Scores {
			as.Options = append(as.Options, map[string]any{"value": c.Code, "label": c.Label})
		}
		d.Standards = append(d.Standards, as)
	}
	h.render(w, r, status, "quality_audit", "Audit a return interview", f, d)
}

// SaveAudit saves the audit form, or shows it again with every problem and
// all that was entered.
func (h *Handlers) SaveAudit(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	sub, err := h.Svc.AuditSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	_, err = h.Svc.SaveAudit(r.Context(), sub.Episode.ID, AuditInputFromForm(f, sub.Standards))
	if f.Fail(err) {
		h.showAudit(w, r, http.StatusUnprocessableEntity, f, sub)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	back := "/return-interview-audits/sample?" + url.Values{"month": {sub.Month}, "service": {sub.Service}}.Encode()
	web.Redirect(w, r, back, "Audit saved")
}

// Summary shows the summary per service and month, or sends it as CSV.
func (h *Handlers) Summary(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(r.URL.Query())
	sum, err := h.Svc.Summary(r.Context(), f.Get("month"), f.Get("service"))
	if f.Fail(err) {
		h.render(w, r, http.StatusUnprocessableEntity, "quality_summary", "Return interview audits", f, summaryView(nil))
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if f.Get("format") == "csv" {
		writeSummaryCSV(w, sum)
		return
	}
	h.render(w, r, http.StatusOK, "quality_summary", "Return interview audits", f, summaryView(sum))
}
