package app

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/ssda903"
)

// TestLeak is the test of "partners see only what they may" that a new
// route cannot fool. It plants a distinct marker in every free-text and
// identifying field of a restricted child, a child of the other authority
// and a child no partner is involved with, across every feature
// (leak_plant_test.go); then, as every demo user, it requests every GET
// route of the route table (pages and API, with the real ids of everything
// planted and the query strings that change what is shown), and reads
// every queued email and invitation and every user's notices. Any marker
// that reaches a user who may not see that record in full
// (access.View) fails the test, unless that user typed it.
func TestLeak(t *testing.T) {
	t.Parallel() // long, and sharing nothing with other tests
	dbtest.Each(t, Migrations(), func(t *testing.T, d *db.DB) {
		start := time.Now() // timing
		e := newTestEnv(t, d)
		w := plantLeakWorld(t, e)
		planted := time.Since(start) // timing
		w.check(t)
		t.Logf("planted in %s, checked in %s", planted.Round(time.Millisecond), (time.Since(start) - planted).Round(time.Millisecond)) // timing
	})
}

// leakTarget is one request: the route's pattern and a path with ids.
type leakTarget struct {
	pattern, path string
	api           bool
	own           string // a marker the request itself carries (a search)
}

// leakParamKinds are what the path parameter after each segment names.
var leakParamKinds = map[string]string{
	"people": "person", "referrals": "referral", "consultations": "consultation", "meetings": "meeting",
	"episodes": "episode", "missing-episodes": "episode", "imports": "import", "tasks": "task",
	"organisations": "organisation", "teams": "team", "users": "user",
	"interviews": "episode", // a return interview is its episode's
}

// leakPairKinds are routes with two parameters: the second names one of
// the first's parts.
var leakPairKinds = map[string]string{"meeting/items": "meeting/item", "import/reviews": "import/line"}

var leakParamRE = regexp.MustCompile(`\{[^}]+\}`)

// targets expands every GET route of the table with the planted ids and
// the query strings that change content. A parameter it cannot fill fails
// the test: teach it the route.
func (w *leakWorld) targets(t *testing.T) []leakTarget {
	var out []leakTarget
	seen := map[string]bool{}
	for _, r := range w.e.srv.routes() {
		if r.Method != "GET" {
			continue
		}
		pattern := r.Pattern
		if seen[pattern] {
			t.Errorf("the route %s is in the table twice", pattern)
		}
		seen[pattern] = true
		base := strings.ReplaceAll(pattern, "{$}", "")
		params := leakParamRE.FindAllStringIndex(base, -1)
		var paths []string
		switch len(params) {
		case 0:
			paths = []string{base}
		case 1:
			kind, ok := leakParamKinds[leakSegmentBefore(base, params[0][0])]
			if !ok || len(w.ids[kind]) == 0 {
				t.Errorf("the leak test cannot fill the parameter of GET %s: teach the leak test that route (leakParamKinds)", pattern)
				continue
			}
			for _, id := range w.ids[kind] {
				paths = append(paths, base[:params[0][0]]+id+base[params[0][1]:])
			}
		case 2:
			first, ok := leakParamKinds[leakSegmentBefore(base, params[0][0])]
			pair, ok2 := leakPairKinds[first+"/"+leakSegmentBefore(base, params[1][0])]
			if !ok || !ok2 || len(w.pairs[pair]) == 0 {
				t.Errorf("the leak test cannot fill the parameters of GET %s: teach the leak test that route (leakPairKinds)", pattern)
				continue
			}
			for _, p := range w.pairs[pair] {
				paths = append(paths, base[:params[0][0]]+p[0]+base[params[0][1]:params[1][0]]+p[1]+base[params[1][1]:])
			}
		default:
			t.Errorf("the leak test cannot fill the parameters of GET %s: teach the leak test that route", pattern)
			continue
		}
		for _, p := range paths {
			out = append(out, leakTarget{pattern: pattern, path: p, api: r.API})
			for _, q := range w.variants(pattern, p) {
				out = append(out, leakTarget{pattern: pattern, path: p + "?" + q, api: r.API})
			}
		}
		for _, s := range w.searches[pattern] {
			out = append(out, leakTarget{pattern: pattern, path: base + "?" + s.query, api: r.API, own: s.own})
		}
	}
	return out
}

func leakSegmentBefore(path string, at int) string {
	segs := strings.Split(strings.Trim(path[:at], "/"), "/")
	return segs[len(segs)-1]
}

// variants are the query strings that change what a route shows.
func (w *leakWorld) variants(pattern, path string) []string {
	today := w.e.today()
	var orgs, teams []string
	for _, o := range w.orgs {
		orgs = append(orgs, o.ID)
	}
	for _, tm := range w.teams {
		teams = append(teams, tm.ID)
	}
	each := func(key string, vals ...string) []string {
		var out []string
		for _, v := range vals {
			out = append(out, url.Values{key: {v}}.Encode())
		}
		return out
	}
	years := []string{"2026", "2027"}
	months := url.Values{"month": {"2026-11"}}.Encode()
	period := url.Values{"from": {today.AddDays(-60).String()}, "to": {today.AddDays(30).String()}}.Encode()
	switch pattern {
	case "/meetings/{id}/minutes", "/meetings/{id}/minutes.txt":
		return each("for", orgs...)
	case "/my-work":
		return append(append(each("team", append([]string{"all"}, teams...)...), each("state", "overdue", "done")...),
			"team=all&state=overdue", "team=all&state=done")
	case "/api/v1/tasks":
		return append(append(each("assignee", append([]string{"me", "all"}, teams...)...), each("state", "overdue", "done", "cancelled")...),
			"assignee=all&state=done")
	case "/meetings":
		return each("kind", "daily", "strategy", "mace", "mapping")
	case "/api/v1/meetings", "/meetings/absences", "/api/v1/meetings/absences", "/consultations", "/api/v1/consultations":
		return []string{period, period + "&state=advised"}
	case "/meetings/daily", "/api/v1/meetings/daily/agenda":
		return each("date", today.String(), today.AddDays(1).String())
	case "/meetings/new":
		var out []string
		for _, c := range []struct{ typ, kind string }{{"referral", "referral"}, {"task", "task"}, {"meeting-item", "item"}} {
			for _, id := range w.ids[c.kind] {
				out = append(out, url.Values{"kind": {"strategy"}, "convened_by_type": {c.typ}, "convened_by_id": {id}}.Encode())
			}
		}
		return out
	case "/referrals/new":
		return each("consultation", w.ids["consultation"]...)
	case ssda903.ExportPath, ssda903.ExportPath + "/download", "/api/v1/exports/ssda903/missing/report":
		return each("year", years...)
	case "/api/v1/exports/ssda903/missing":
		return append(each("year", years...), "year=2026&report=json", "year=2027&report=json")
	case "/return-interview-audits/sample":
		return []string{months, months + "&service=" + url.QueryEscape("Missing from Home Team"),
			months + "&service=" + url.QueryEscape("Harbourlight Children's Charity")}
	case "/return-interview-audits/summary":
		return []string{months, months + "&format=csv", "format=csv"}
	case "/api/v1/return-interview-audits/summary":
		return []string{months}
	case "/people/{id}/merge", "/people/{id}/merge/confirm":
		var out []string
		for _, other := range w.ids["person"] {
			if !strings.Contains(path, other) {
				out = append(out, "duplicate_id="+other)
			}
		}
		return out
	case "/admin/users":
		return each("organisation", orgs...)
	case "/admin/users/new":
		return each("organisation_id", orgs...)
	case "/api/v1/referrals/{id}/matches":
		return []string{"limit=50"}
	case "/people", "/api/v1/people":
		return []string{"page=2"}
	case "/api/v1/calendar/working-days":
		return []string{"from=" + today.String() + "&add=5"}
	case "/tasks/{id}":
		return []string{"next=/my-work"}
	}
	return nil
}

// leakFound is one marker that reached someone who may not see it.
type leakFound struct {
	user, where, pattern string
	m                    *leakMarker
}

// leakIndex finds markers in text: each marker by its first three
// characters, in the text lower-cased without spaces or hyphens.
type leakIndex struct {
	anchors map[string][]*leakMarker
}

func newLeakIndex(ms []*leakMarker) *leakIndex {
	ix := &leakIndex{anchors: map[string][]*leakMarker{}}
	for _, m := range ms {
		ix.anchors[m.search[:3]] = append(ix.anchors[m.search[:3]], m)
	}
	return ix
}

var leakStrip = strings.NewReplacer(" ", "", "-", "", "\u00a0", "", "&nbsp;", "", "&#32;", "")

func (ix *leakIndex) find(text string) []*leakMarker {
	s := leakStrip.Replace(strings.ToLower(text))
	var out []*leakMarker
	for anchor, ms := range ix.anchors {
		for from := 0; ; {
			i := strings.Index(s[from:], anchor)
			if i < 0 {
				break
			}
			at := s[from+i:]
			for _, m := range ms {
				if strings.HasPrefix(at, m.search) && !containsMarker(out, m) {
					out = append(out, m)
				}
			}
			from += i + 1
		}
	}
	return out
}

func containsMarker(ms []*leakMarker, m *leakMarker) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// check requests everything as everyone and reports every leak.
func (w *leakWorld) check(t *testing.T) {
	e := w.e
	full := w.sight()
	ix := newLeakIndex(w.markers)
	targets := w.targets(t)
	may := func(email string, m *leakMarker) bool {
		if full[m.Rec][email] || containsString(m.Authors, email) {
			return true
		}
		for _, r := range m.Also {
			if full[r][email] {
				return true
			}
		}
		return false
	}
	var leaks []leakFound
	shown := map[*leakMarker]bool{}
	report := func(email, where, pattern, text string, own string) {
		for _, m := range ix.find(text) {
			shown[m] = true
			if own != "" && strings.Contains(strings.ToLower(own), strings.ToLower(m.Token)) {
				continue
			}
			if !may(email, m) {
				leaks = append(leaks, leakFound{user: email, where: where, pattern: pattern, m: m})
			}
		}
	}
	requests, statuses, answered := 0, map[int]int{}, map[string]bool{}
	apiClient := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, u := range w.users {
		web := e.signIn(u.Email)
		token := w.token(u.Email)
		for _, tg := range targets {
			req, err := http.NewRequest("GET", e.ts.URL+tg.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			hc := web.http
			if tg.api {
				req.Header.Set("Authorization", "Bearer "+token)
				hc = apiClient
			}
			res, err := hc.Do(req)
			if err != nil {
				t.Fatalf("GET %s as %s: %v", tg.path, u.Email, err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			requests++
			statuses[res.StatusCode]++
			if res.StatusCode == http.StatusOK {
				answered[tg.pattern] = true
			}
			if res.StatusCode >= 500 {
				t.Errorf("GET %s as %s: %d %.300s", w.show(tg.path), u.Email, res.StatusCode, b)
			}
			var hdr strings.Builder
			for k, vs := range res.Header {
				if k == "Set-Cookie" {
					continue
				}
				fmt.Fprintf(&hdr, "%s: %s\n", k, strings.Join(vs, " "))
			}
			report(u.Email, "GET "+w.show(tg.path), tg.pattern, hdr.String()+"\n"+string(b), tg.own)
		}
		// Notices, as the service keeps them.
		ns, err := e.svc.Notices.ForUser(context.Background(), u.ID, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			report(u.Email, "notice "+n.Title, "notice", n.Title+"\n"+n.Body+"\n"+n.Link, "")
		}
	}
	// Every queued email and invitation, as each recipient gets it.
	emails := w.emails(t)
	for _, m := range emails {
		for _, to := range m.to {
			report(to, "email "+m.subject, "email", m.text, "")
		}
	}

	// What the test could not see: a route no one got a page from, and a
	// marker no one was shown (each is a blind spot of the test, or of the
	// service).
	var blind []string
	for _, tg := range targets {
		if !answered[tg.pattern] && !containsString(blind, tg.pattern) {
			blind = append(blind, tg.pattern)
		}
	}
	if len(blind) > 0 {
		t.Logf("routes that answered no one with 200 OK: %s", strings.Join(blind, ", "))
	}
	var unseen []string
	for _, m := range w.markers {
		if !shown[m] {
			unseen = append(unseen, m.Rec+": "+m.Field)
		}
	}
	if len(unseen) > 0 {
		t.Logf("markers no one was shown: %s", strings.Join(unseen, "; "))
	}

	// The report: each leak once, sorted, then by route pattern.
	type key struct{ user, where, rec, field string }
	uniq := map[key]bool{}
	byPattern, byUser := map[string]map[string]bool{}, map[string]map[string]bool{}
	var lines []string
	for _, l := range leaks {
		k := key{l.user, l.where, l.m.Rec, l.m.Field}
		if uniq[k] {
			continue
		}
		uniq[k] = true
		lines = append(lines, fmt.Sprintf("%s: %s: record %s, %s", l.user, l.where, l.m.Rec, l.m.Field))
		if byPattern[l.pattern] == nil {
			byPattern[l.pattern] = map[string]bool{}
		}
		byPattern[l.pattern][fmt.Sprintf("%s: %s", l.m.Rec, l.m.Field)] = true
		if byUser[l.pattern] == nil {
			byUser[l.pattern] = map[string]bool{}
		}
		byUser[l.pattern][strings.TrimSuffix(l.user, ".example")] = true
	}
	sort.Strings(lines)
	t.Logf("%d requests (%v) as %d users over %d GET targets of the route table, %d markers (a %d, b %d, c %d), %d emails",
		requests, statuses, len(w.users), len(targets), len(w.markers), w.count["a"], w.count["b"], w.count["c"], len(emails))
	if len(lines) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d markers reached users who may not see them (user: where: record, field):\n", len(lines))
	for i, l := range lines {
		if i == 200 {
			fmt.Fprintf(&b, "... and %d more\n", len(lines)-200)
			break
		}
		b.WriteString("  " + l + "\n")
	}
	var pats []string
	for p := range byPattern {
		pats = append(pats, p)
	}
	sort.Strings(pats)
	b.WriteString("By route:\n")
	for _, p := range pats {
		var fs []string
		for f := range byPattern[p] {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		var us []string
		for u := range byUser[p] {
			us = append(us, u)
		}
		sort.Strings(us)
		fmt.Fprintf(&b, "  %s: %s\n    to %s\n", p, strings.Join(fs, "; "), strings.Join(us, ", "))
	}
	t.Error(b.String())
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// show names the planted ids in a path, for the report.
func (w *leakWorld) show(path string) string {
	for id, label := range w.labels {
		if strings.Contains(path, id) {
			path = strings.ReplaceAll(path, id, "<"+label+">")
		}
	}
	return path
}

// leakEmail is a queued email, decoded: its recipients (demo users'
// addresses) and every header and part as text.
type leakEmail struct {
	to      []string
	subject string
	text    string
}

func (w *leakWorld) emails(t *testing.T) []leakEmail {
	rows, err := w.e.db.Read().QueryContext(context.Background(), `SELECT recipients, message FROM email_outbox ORDER BY created_at, id LIMIT 5000`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []leakEmail
	dec := new(mime.WordDecoder)
	for rows.Next() {
		var rcpt, msg string
		if err := rows.Scan(&rcpt, &msg); err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(strings.NewReader(msg))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for k, vs := range m.Header {
			for _, v := range vs {
				d, err := dec.DecodeHeader(v)
				if err != nil {
					d = v
				}
				fmt.Fprintf(&b, "%s: %s\n", k, d)
			}
		}
		subject, _ := dec.DecodeHeader(m.Header.Get("Subject"))
		for _, p := range leaves(t, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body) {
			b.WriteString("\n" + p.contentType + "\n")
			b.Write(p.data)
		}
		out = append(out, leakEmail{to: strings.Split(rcpt, "\n"), subject: subject, text: b.String()})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
