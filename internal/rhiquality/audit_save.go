package rhiquality

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mace/internal/platform/web"
)

// Auditing a return interview against the standards.

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
func (h *Handlers) Audit(w http.ResponseWriter, r *http.Request) error {
	sub, err := h.Svc.AuditSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showAudit(w, r, http.StatusOK, auditForm(sub), sub)
}

func (h *Handlers) showAudit(w http.ResponseWriter, r *http.Request, status int, f *web.Form, sub *AuditSubject) error {
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
	return h.render(w, r, status, "quality_audit", "Audit a return interview", f, d)
}

// SaveAudit saves the audit form, or shows it again with every problem and
// all that was entered.
func (h *Handlers) SaveAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	sub, err := h.Svc.AuditSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	_, err = h.Svc.SaveAudit(r.Context(), sub.Episode.ID, AuditInputFromForm(f, sub.Standards))
	if f.Fail(err) {
		return h.showAudit(w, r, http.StatusUnprocessableEntity, f, sub)
	}
	if err != nil {
		return err
	}
	back := "/return-interview-audits/sample?" + url.Values{"month": {sub.Month}, "service": {sub.Service}}.Encode()
	web.Redirect(w, r, back, "Audit saved")
	return nil
}
