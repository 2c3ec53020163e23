package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/notify"
)

// The leak test's world: three young people with a distinct marker in every
// free-text and identifying field of everything written about them, planted
// through the service's own API and pages by the users who would write it.
//
//	a: a Northfield child whose record is restricted to named users (the
//	   lead, the screener, the missing coordinator and the police missing
//	   persons officer), after the police force was given access;
//	b: a child of the other authority, Riverside, known to the police and
//	   to the return interview charity;
//	c: a Northfield child no partner is involved with.

// leakMarker is one planted value: where it is, whose record it is about,
// and who typed it (who may see back what they wrote).
type leakMarker struct {
	Token   string   // as planted
	Rec     string   // "a", "b" or "c"
	Also    []string // other records that hold the same value (a look-alike's name)
	Field   string
	Authors []string // emails
	search  string   // lower case, without spaces or hyphens
}

// leakWorld is the planted environment, shared by every request of the test.
type leakWorld struct {
	e       *testEnv
	t       *testing.T
	markers []*leakMarker
	count   map[string]int      // markers made per record
	person  map[string]string   // record letter -> person id
	ids     map[string][]string // kind -> ids of what was planted
	pairs   map[string][][2]string
	labels  map[string]string // id -> how a report names it
	tokens  map[string]string // email -> API token
	users   []*auth.User      // every demo user, in the partnership's order
	orgs    []auth.Organisation
	teams   []auth.Team
	// searches are the people searches to run: the query marker, and the
	// query strings by route pattern (their own marker is not a leak).
	searches map[string][]leakSearch
}

type leakSearch struct{ query, own string }

var leakRecords = []string{"a", "b", "c"}

// leakSight are the records whose sight decides: the three, and d, e and
// f, records that may be the same young people as a, c and b.
var leakSight = []string{"a", "b", "c", "d", "e", "f"}

func recDigit(rec string) int { return int(rec[0]-'a') + 1 }

// mark makes the next marker of record rec for field.
func (w *leakWorld) mark(rec, field string, authors ...string) string {
	n := w.count[rec]
	w.count[rec]++
	tok := fmt.Sprintf("Qzx%s%c%c", rec, 'a'+n/26, 'a'+n%26)
	return w.add(tok, rec, field, authors)
}

func (w *leakWorld) add(tok, rec, field string, authors []string) string {
	s := strings.NewReplacer(" ", "", "-", "").Replace(strings.ToLower(tok))
	w.markers = append(w.markers, &leakMarker{Token: tok, Rec: rec, Field: field, Authors: authors, search: s})
	return tok
}

// phone is a marker that is a valid UK mobile number.
func (w *leakWorld) phone(rec, field string, authors ...string) string {
	n := w.count[rec]
	w.count[rec]++
	return w.add(fmt.Sprintf("07700 9%d%02d58", recDigit(rec), n%100), rec, field, authors)
}

// nhs is a marker that is a valid NHS number (in the 999 range, never
// issued).
func (w *leakWorld) nhs(rec, field string, authors ...string) string {
	n := w.count[rec]
	w.count[rec]++
	for k := 0; ; k++ {
		first9 := fmt.Sprintf("999%d%02d%03d", recDigit(rec), n%100, k)
		if d, ok := people.NHSCheckDigit(first9); ok {
			return w.add(fmt.Sprintf("%s%d", first9, d), rec, field, authors)
		}
	}
}

// upn is a marker that is a valid unique pupil number.
func (w *leakWorld) upn(rec, field string, authors ...string) string {
	n := w.count[rec]
	w.count[rec]++
	rest := fmt.Sprintf("998%d%02d%06d", recDigit(rec), n%100, 4711)
	c, ok := people.UPNCheckLetter(rest)
	if !ok {
		w.t.Fatalf("no check letter for %s", rest)
	}
	return w.add(string(c)+rest, rec, field, authors)
}

// postcode is a marker that is a well-formed postcode.
func (w *leakWorld) postcode(rec, field string, authors ...string) string {
	n := w.count[rec]
	w.count[rec]++
	return w.add(fmt.Sprintf("ZQ%d%d 9%c%c", recDigit(rec), n%10, 'A'+n/26%26, 'A'+n%26), rec, field, authors)
}

func (w *leakWorld) addID(kind, id, label string) {
	if id == "" {
		w.t.Fatalf("no id for %s", label)
	}
	if !slices.Contains(w.ids[kind], id) {
		w.ids[kind] = append(w.ids[kind], id)
	}
	if _, ok := w.labels[id]; !ok {
		w.labels[id] = label
	}
}

func (w *leakWorld) user(email string) *auth.User { return w.e.user(email) }

func (w *leakWorld) token(email string) string {
	if tok, ok := w.tokens[email]; ok {
		return tok
	}
	tok := w.e.token(email)
	w.tokens[email] = tok
	return tok
}

// call makes an API request as the user, failing the test on anything but
// a success, and returns the JSON answer.
func (w *leakWorld) call(email, method, path string, body any) map[string]any {
	w.t.Helper()
	code, res := w.try(email, method, path, body)
	if code/100 != 2 {
		w.t.Fatalf("planting: %s %s as %s: %d %s", method, path, email, code, res)
	}
	var out map[string]any
	_ = json.Unmarshal([]byte(res), &out)
	return out
}

func (w *leakWorld) try(email, method, path string, body any) (int, string) {
	w.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		w.t.Fatal(err)
	}
	s := string(b)
	if body == nil {
		s = ""
	}
	return w.e.api(method, path, w.token(email), s, "Idempotency-Key", fmt.Sprintf("leak-%d", len(w.markers)*1000+len(w.labels)))
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

const (
	nfScreener = "screener@northfield.example"
	nfPract    = "practitioner@northfield.example"
	nfLead     = "lead@northfield.example"
	nfManager  = "manager@northfield.example"
	nfMissing  = "missing-coordinator@northfield.example"
	rsScreener = "screener@riverside.example"
	rsPract    = "practitioner@riverside.example"
	rsManager  = "manager@riverside.example"
	poOfficer  = "officer@police.example"
	poMissing  = "missing@police.example"
	heRef      = "referrer@health.example"
	hoRef      = "referrer@hollinsby-academy.example"
	whRef      = "referrer@wharfside-high.example"
	hlMissing  = "missing-coordinator@harbourlight.example"
)

// plantLeakWorld plants the three records and everything about them.
func plantLeakWorld(t *testing.T, e *testEnv) *leakWorld {
	t.Helper()
	w := &leakWorld{e: e, t: t, count: map[string]int{}, person: map[string]string{}, ids: map[string][]string{},
		pairs: map[string][][2]string{}, labels: map[string]string{}, tokens: map[string]string{},
		searches: map[string][]leakSearch{}}
	// Email is queued (never sent: nothing listens there) so that the test
	// can read every message.
	e.svc.Mail.SMTP = &notify.SMTP{Addr: "127.0.0.1:9", From: "Mace <no-reply@mace.test.example>", TLS: notify.TLSNone}
	e.svc.PublicURL = "https://mace.test.example"
	t.Cleanup(func() { e.svc.Mail.SMTP, e.svc.PublicURL = nil, "" })

	ctx := context.Background()
	_, demoUsers := demo.Partnership()
	for _, u := range demoUsers {
		w.users = append(w.users, w.user(u.Email))
		w.addID("user", w.user(u.Email).ID, "user "+u.Email)
	}
	orgs, err := e.svc.Auth.ListOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.orgs = orgs
	for _, o := range orgs {
		w.addID("organisation", o.ID, "organisation "+o.Name)
		teams, err := e.svc.Auth.ListTeams(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range teams {
			w.teams = append(w.teams, tm)
			w.addID("team", tm.ID, "team "+tm.Name)
		}
	}
	nf, rs := w.user(nfLead).Organisation.ID, w.user(rsManager).Organisation.ID
	police, health := w.user(poOfficer).Organisation.ID, w.user(heRef).Organisation.ID
	harbour := w.user(hlMissing).Organisation.ID

	// The person records.
	owner := map[string]string{"a": nf, "b": rs, "c": nf}
	creator := map[string]string{"a": nfScreener, "b": rsScreener, "c": nfScreener}
	dob := map[string]string{"a": "2011-04-03", "b": "2010-07-19", "c": "2012-01-27"}
	for _, rec := range leakRecords {
		body := map[string]any{"kind": "child", "given_name": w.mark(rec, "given name"), "family_name": w.mark(rec, "family name"),
			"known_as": []string{w.mark(rec, "known as")}, "aliases": []string{w.mark(rec, "alias")},
			"date_of_birth": dob[rec], "gender": "female", "nhs_number": w.nhs(rec, "NHS number"), "upn": w.upn(rec, "pupil number"),
			"addresses": []map[string]any{{"line": w.mark(rec, "address line"), "town": w.mark(rec, "town"),
				"postcode": w.postcode(rec, "postcode"), "current": true}},
			"phones": []string{w.phone(rec, "phone")}, "owning_authority_id": owner[rec]}
		p := w.call(creator[rec], "POST", "/api/v1/people", body)
		w.person[rec] = str(p, "id")
		w.addID("person", w.person[rec], "person "+rec)
	}
	a, b, c := w.person["a"], w.person["b"], w.person["c"]
	// d, e and f: records that may be the same young people as a, c and b
	// (the same given name and date of birth), to compare before a merge
	// and to make the import's rows about a, b and c need review.
	for _, l := range []struct{ rec, like, by, owner string }{{"d", "a", nfPract, nf}, {"e", "c", nfPract, nf}, {"f", "b", rsPract, rs}} {
		w.find(l.like, "given name").Also = append(w.find(l.like, "given name").Also, l.rec)
		p := w.call(l.by, "POST", "/api/v1/people", map[string]any{"kind": "child", "given_name": w.marker(l.like, "given name"),
			"family_name": w.mark(l.rec, "family name"), "known_as": []string{w.mark(l.rec, "known as")}, "date_of_birth": dob[l.like],
			"gender": "female", "phones": []string{w.phone(l.rec, "phone")}, "owning_authority_id": l.owner})
		w.person[l.rec] = str(p, "id")
		w.addID("person", w.person[l.rec], "person "+l.rec+" (like "+l.like+")")
	}

	// a: the police force is given access, then the record is restricted.
	if err := e.svc.People.Grant(e.asUser(nfLead), a, police, w.mark("a", "reason access was granted")); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.People.Restrict(e.asUser(nfLead), a, true, []string{w.user(nfScreener).ID, w.user(nfMissing).ID,
		w.user(poMissing).ID}); err != nil {
		t.Fatal(err)
	}
	// b: the police force and the return interview charity are given
	// access.
	for _, org := range []string{police, harbour} {
		if err := e.svc.People.Grant(e.asUser(rsManager), b, org, w.mark("b", "reason access was granted ("+map[string]string{police: "police", harbour: "charity"}[org]+")")); err != nil {
			t.Fatal(err)
		}
	}

	// Referrals, each from a partner, screened by the authority.
	type refPlan struct{ rec, referrer, screener, authority, outcome string }
	for _, rp := range []refPlan{{"a", hoRef, nfScreener, nf, "strategy-discussion"}, {"b", whRef, rsScreener, rs, "allocated-worker"},
		{"c", heRef, nfScreener, nf, "exploitation-assessment"}} {
		rec, by := rp.rec, rp.referrer
		ref := w.call(by, "POST", "/api/v1/referrals", map[string]any{
			"authority_id": rp.authority,
			"referrer":     map[string]any{"name": w.user(by).Name, "role": "Designated Safeguarding Lead", "email": by},
			"child": map[string]any{"given_names": w.mark(rec, "referral: given names", by), "family_name": w.mark(rec, "referral: family name", by),
				"known_as": []string{w.mark(rec, "referral: known as", by)}, "street_names": []string{w.mark(rec, "referral: street name", by)},
				"date_of_birth": dob[rec], "gender": "female", "address_line": w.mark(rec, "referral: address", by),
				"town": w.mark(rec, "referral: town", by), "postcode": w.postcode(rec, "referral: postcode", by),
				"school": w.mark(rec, "referral: school", by), "phones": []string{w.phone(rec, "referral: phone", by)},
				"online_accounts": []string{w.mark(rec, "referral: online account", by)}, "nhs_number": w.nhs(rec, "referral: NHS number", by)},
			"concern_types": []string{"cce"}, "narrative": w.mark(rec, "referral: narrative", by),
			"people_involved": w.mark(rec, "referral: people involved", by), "places_involved": w.mark(rec, "referral: places involved", by),
			"child_knows": "yes", "child_agrees": "no", "family_knows": "yes", "family_agrees": "not-known"})
		id := str(ref, "id")
		w.addID("referral", id, "referral "+rec)
		w.call(rp.screener, "POST", "/api/v1/referrals/"+id+"/screening", map[string]any{
			"person_id": w.person[rec],
			"agency_checks": []map[string]any{{"agency_id": police, "contact": w.mark(rec, "screening: check contact"),
				"checked_on": e.today().String(), "findings": w.mark(rec, "screening: check findings")}},
			"decision": map[string]any{"need_level": 4, "outcome": rp.outcome, "risk_level": "high",
				"rationale": w.mark(rec, "screening: rationale"), "referrer_feedback": w.mark(rec, "screening: feedback to the referrer", by)}})
	}

	// A second referral about a, linked to the record but not yet decided.
	{
		by := hoRef
		ref := w.call(by, "POST", "/api/v1/referrals", map[string]any{"authority_id": nf,
			"referrer": map[string]any{"name": w.user(by).Name, "role": "Designated Safeguarding Lead", "email": by},
			"child": map[string]any{"given_names": w.mark("a", "second referral: given names", by), "gender": "female",
				"family_name": w.mark("a", "second referral: family name", by), "date_of_birth": dob["a"]},
			"concern_types": []string{"cse"}, "narrative": w.mark("a", "second referral: narrative", by),
			"child_knows": "yes", "child_agrees": "no", "family_knows": "yes", "family_agrees": "not-known"})
		id := str(ref, "id")
		w.addID("referral", id, "second referral a")
		sc := e.signIn(nfScreener)
		sc.get("/referrals/" + id)
		if code, body, _ := sc.post("/referrals/"+id+"/person", url.Values{"person_id": {a}}); code != http.StatusSeeOther {
			t.Fatalf("planting: linking the second referral: %d %.1000s", code, body)
		}
	}

	// Consultations: a professional's call about each child.
	for _, cp := range []struct{ rec, by string }{{"a", nfScreener}, {"b", rsScreener}, {"c", nfPract}} {
		rec := cp.rec
		con := w.call(cp.by, "POST", "/api/v1/consultations", map[string]any{"method": "phone",
			"professional_name": w.mark(rec, "consultation: professional's name"), "professional_role": w.mark(rec, "consultation: professional's role"),
			"professional_contact": w.phone(rec, "consultation: professional's phone"), "organisation_id": "other",
			"other_organisation": w.mark(rec, "consultation: other organisation"), "child_name": w.mark(rec, "consultation: child's name"),
			"child_date_of_birth": dob[rec], "person_id": w.person[rec], "concern_types": []string{"cse"},
			"question": w.mark(rec, "consultation: question"), "advice": w.mark(rec, "consultation: advice"), "referral_state": "advised"})
		w.addID("consultation", str(con, "id"), "consultation "+rec)
	}

	// Missing episodes and return interviews.
	at := func(days int, hour int) string {
		return time.Date(2026, 12, 2+days, hour, 0, 0, 0, civil.London).UTC().Format(time.RFC3339)
	}
	episode := func(rec, by, force string, start, end string) string {
		body := map[string]any{"person_id": w.person[rec], "type": "M", "start_at": start,
			"reported_by": w.mark(rec, "missing: reported by"), "risk_grading": "high", "looked_after": true}
		if force != "" {
			body["police_organisation_id"] = force
			body["police_reference"] = w.mark(rec, "missing: police reference")
		}
		if end != "" {
			body["end_at"] = end
			body["found_place"] = map[string]any{"description": w.mark(rec, "missing: where found"), "postcode": w.postcode(rec, "missing: where found postcode")}
			body["found_with"] = []map[string]any{{"name": w.mark(rec, "missing: found with (name)"), "description": w.mark(rec, "missing: found with (description)")}}
		}
		ep := w.call(by, "POST", "/api/v1/missing-episodes", body)
		id := str(ep, "id")
		w.addID("episode", id, "missing episode "+rec)
		return id
	}
	interview := func(rec, by, episodeID, service string) {
		w.call(by, "POST", "/api/v1/missing-episodes/"+episodeID+"/return-interview", map[string]any{
			"offered_at": at(-3, 9), "offered_by": w.mark(rec, "interview: offered by"), "offered_service": service,
			"outcome": "accepted", "held_at": at(-2, 15),
			"places":       []map[string]any{{"description": w.mark(rec, "interview: place"), "postcode": w.postcode(rec, "interview: place postcode")}},
			"with":         []map[string]any{{"name": w.mark(rec, "interview: with (name)"), "description": w.mark(rec, "interview: with (description)")}},
			"push_factors": w.mark(rec, "interview: push factors"), "pull_factors": w.mark(rec, "interview: pull factors"),
			"exploitation_concerns": []string{"cce"}, "exploitation_indicators": w.mark(rec, "interview: indicators"),
			"disclosures": w.mark(rec, "interview: disclosures"), "shared_with_police": true,
			"follow_up_actions": []string{w.mark(rec, "interview: follow-up action")}})
	}
	epA := episode("a", poMissing, police, at(-4, 18), at(-3, 8))
	interview("a", nfMissing, epA, "Missing from Home Team")
	epB := episode("b", poMissing, police, at(-4, 18), at(-3, 8))
	interview("b", hlMissing, epB, "Harbourlight Children's Charity")
	episode("b", poMissing, police, at(-8, 20), at(-7, 8)) // its interview is overdue
	epC := episode("c", nfMissing, "", at(-4, 18), at(-3, 8))
	interview("c", nfMissing, epC, "Missing from Home Team")
	episode("c", nfMissing, "", at(-1, 20), "") // missing now

	// Philomena profiles.
	for _, pp := range []struct{ rec, by string }{{"a", nfMissing}, {"b", rsPract}, {"c", nfPract}} {
		rec := pp.rec
		w.call(pp.by, "PUT", "/api/v1/people/"+w.person[rec]+"/philomena", map[string]any{"looked_after": true,
			"height": w.mark(rec, "Philomena: height"), "build": w.mark(rec, "Philomena: build"), "hair": w.mark(rec, "Philomena: hair"),
			"eyes": w.mark(rec, "Philomena: eyes"), "distinguishing_marks": w.mark(rec, "Philomena: distinguishing marks"),
			"usual_clothing": w.mark(rec, "Philomena: usual clothing"),
			"associates": []map[string]any{{"name": w.mark(rec, "Philomena: associate's name"), "relationship": w.mark(rec, "Philomena: associate's relationship"),
				"phone": w.phone(rec, "Philomena: associate's phone"), "address": w.mark(rec, "Philomena: associate's address")}},
			"risky_locations": []map[string]any{{"place": w.mark(rec, "Philomena: risky place"), "why": w.mark(rec, "Philomena: why risky")}},
			"phones":          []string{w.phone(rec, "Philomena: phone")}, "transport": w.mark(rec, "Philomena: transport"),
			"medical_conditions": w.mark(rec, "Philomena: medical conditions"), "medication": w.mark(rec, "Philomena: medication"),
			"allergies": w.mark(rec, "Philomena: allergies"), "languages": w.mark(rec, "Philomena: languages"),
			"placement_contact": w.mark(rec, "Philomena: placement contact")})
	}

	// Meetings: Northfield's daily meeting, held this morning, with items on
	// a and c; Riverside's strategy discussion on b.
	w.plantMeeting("daily", nfLead, []string{"a", "c"}, map[string]string{"a": nfScreener, "c": nfPract},
		[]string{poOfficer, heRef, hoRef, nfPract}, police, health)
	w.plantMeeting("strategy", rsManager, []string{"b"}, map[string]string{"b": rsPract},
		[]string{poOfficer, heRef, whRef}, police, health)

	// A police import: for each child a row that needs review (d, e and f
	// may be the same young people) and one with another given name.
	// No one chooses the records, so no partner becomes involved with c.
	w.plantImport()

	// Episodes the import made.
	erows, err := e.db.Read().QueryContext(ctx, `SELECT id, person_id FROM missing_episodes ORDER BY id LIMIT 500`)
	if err != nil {
		t.Fatal(err)
	}
	for erows.Next() {
		var id, pid string
		if err := erows.Scan(&id, &pid); err != nil {
			t.Fatal(err)
		}
		for rec, p := range w.person {
			if p == pid {
				w.addID("episode", id, "missing episode "+rec)
			}
		}
	}
	erows.Close()

	// Tasks made by all of this.
	rows, err := e.db.Read().QueryContext(ctx, `SELECT id, record_type, record_id, kind FROM tasks ORDER BY id LIMIT 500`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, typ, rid, kind string
		if err := rows.Scan(&id, &typ, &rid, &kind); err != nil {
			t.Fatal(err)
		}
		label := "task " + kind
		if l, ok := w.labels[rid]; ok {
			label += " (" + l + ")"
		}
		w.addID("task", id, label)
	}
	rows.Close()
	_ = c

	// Searches for each record by its given name, and by its phone.
	for _, rec := range leakRecords {
		given := w.marker(rec, "given name")
		family := w.marker(rec, "family name")
		w.searches["/people"] = append(w.searches["/people"], leakSearch{"q=" + given, given})
		w.searches["/api/v1/people"] = append(w.searches["/api/v1/people"], leakSearch{"q=" + given, given})
		w.searches["/api/v1/people/matches"] = append(w.searches["/api/v1/people/matches"],
			leakSearch{url.Values{"given_name": {given}, "family_name": {family}, "date_of_birth": {dob[rec]}}.Encode(), given + " " + family})
	}
	return w
}

// marker is the token planted in field of record rec.
func (w *leakWorld) marker(rec, field string) string { return w.find(rec, field).Token }

func (w *leakWorld) find(rec, field string) *leakMarker {
	for _, m := range w.markers {
		if m.Rec == rec && m.Field == field {
			return m
		}
	}
	w.t.Fatalf("no marker %s of %s", field, rec)
	return nil
}

// plantMeeting holds a meeting of kind, chaired by chair, with an item on
// each of recs: what agencies shared, the decision, an action (owned by
// owners[rec], and one by the police officer), an association and an
// assessment with invitations.
func (w *leakWorld) plantMeeting(kind, chair string, recs []string, owners map[string]string, attendees []string, police, health string) {
	t, e := w.t, w.e
	first := recs[0]
	body := map[string]any{"kind": kind, "date": e.today().String(), "time": "09:30", "chair_id": w.user(chair).ID, "state": "held"}
	if kind != "daily" {
		body["reason"] = w.mark(first, "meeting: reason")
	}
	m := w.call(chair, "POST", "/api/v1/meetings", body)
	id := str(m, "id")
	w.addID("meeting", id, kind+" meeting")
	path := "/api/v1/meetings/" + id
	att := []map[string]any{{"user_id": w.user(chair).ID, "status": "present"}}
	for _, a := range attendees {
		att = append(att, map[string]any{"user_id": w.user(a).ID, "status": "present"})
	}
	w.call(chair, "PUT", path+"/attendance", map[string]any{"attendees": att})
	for _, rec := range recs {
		it := w.call(chair, "POST", path+"/items", map[string]any{"subject_kind": "child", "person_id": w.person[rec],
			"reasons": []string{w.mark(rec, "meeting item: reason")}})
		item := str(it, "id")
		w.addID("item", item, "item "+rec)
		w.pairs["meeting/item"] = append(w.pairs["meeting/item"], [2]string{id, item})
		w.call(chair, "POST", path+"/items/"+item+"/shared", map[string]any{"organisation_id": police,
			"text": w.mark(rec, "meeting: shared by the police")})
		w.call(chair, "POST", path+"/items/"+item+"/shared", map[string]any{"organisation_id": health,
			"text": w.mark(rec, "meeting: shared by health, not beyond the meeting"), "not_beyond_meeting": true})
		dec := map[string]any{"decision": w.mark(rec, "meeting: decision")}
		if kind == "strategy" {
			dec["outcome"] = "exploitation-assessment"
		}
		w.call(chair, "PUT", path+"/items/"+item+"/decision", dec)
		due := e.today().AddDays(7).String()
		w.call(chair, "POST", path+"/actions", map[string]any{"item_id": item, "text": w.mark(rec, "meeting: action"),
			"owner_user_id": w.user(owners[rec]).ID, "due_date": due})
		// An action for the police officer, who may not see the record: the
		// service may refuse it, or must keep its content from them.
		if code, res := w.try(chair, "POST", path+"/actions", map[string]any{"item_id": item,
			"text": w.mark(rec, "meeting: action for the police"), "owner_user_id": w.user(poOfficer).ID, "due_date": due}); code/100 != 2 {
			t.Logf("an action on %s for the police officer was refused: %d %s", rec, code, res)
		}
		w.call(chair, "POST", path+"/links", map[string]any{"person_id": w.person[rec], "other_kind": "place",
			"other_text": w.mark(rec, "meeting: link (place)"), "relation": "frequents", "note": w.mark(rec, "meeting: link note")})
		sw := nfPract
		if rec == "b" {
			sw = rsPract
		}
		if code, res := w.try(chair, "POST", path+"/items/"+item+"/assessment", map[string]any{"date": e.today().AddDays(2).String(),
			"time": "10:00", "duration_minutes": 60, "place": w.mark(rec, "assessment: place"), "social_worker_id": w.user(sw).ID,
			"invitees": []map[string]any{{"user_id": w.user(poOfficer).ID}, {"user_id": w.user(heRef).ID}}}); code/100 != 2 {
			t.Errorf("planting: arranging the assessment of %s: %d %s", rec, code, res)
		}
	}
}

// plantImport uploads the police missing persons officer's file and
// commits it.
func (w *leakWorld) plantImport() {
	t, e := w.t, w.e
	by := poMissing
	day := func(d int, clock string) string {
		return time.Date(2026, 12, 2+d, 0, 0, 0, 0, civil.London).Format("02/01/2006") + " " + clock
	}
	dob := map[string]string{"a": "03/04/2011", "b": "19/07/2010", "c": "27/01/2012"}
	file := "police_reference,force,type,given_name,family_name,date_of_birth,postcode,start,end,risk_grading,reported_by,where_found,where_found_postcode,found_with,looked_after\n"
	row := func(rec, given, family, start, end string) string {
		f := "import row " + fmt.Sprint(strings.Count(file, "\n")) + ": "
		return strings.Join([]string{w.mark(rec, f+"police reference", by), "", "M", given, family,
			dob[rec], "", start, end, "medium", w.mark(rec, f+"reported by", by), w.mark(rec, f+"where found", by),
			w.postcode(rec, f+"where found postcode", by), w.mark(rec, f+"found with", by), "Y"}, ",") + "\n"
	}
	for _, rec := range leakRecords {
		file += row(rec, w.marker(rec, "given name"), w.marker(rec, "family name"), day(-12, "18:30"), day(-11, "09:00"))
	}
	for _, rec := range []string{"a", "b"} {
		file += row(rec, w.mark(rec, "import row "+fmt.Sprint(strings.Count(file, "\n"))+": another given name", by), w.marker(rec, "family name"), day(-15, "18:30"), day(-14, "09:00"))
	}
	officer := e.signIn(by)
	officer.get("/missing/imports/new")
	code, body, h := officer.upload("/missing/imports", "file", "police.csv", []byte(file),
		url.Values{"authority_id": {e.user(nfMissing).Organisation.ID}})
	if code != http.StatusSeeOther {
		t.Fatalf("planting: uploading the import: %d %.2000s", code, body)
	}
	at := h.Get("Location")
	id := strings.TrimPrefix(at, "/missing/imports/")
	w.addID("import", id, "the police import")
	// The file is read in the background: wait for its preview.
	for i := 0; ; i++ {
		code, body = officer.get(at)
		if strings.Contains(body, "/commit") || i > 300 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body, _ := officer.post(at+"/commit", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("planting: committing the import: %d %.2000s", code, body)
	}
	for i := 0; ; i++ {
		_, body = officer.get(at)
		if strings.Contains(body, "Imported") || i > 300 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	coord := e.signIn(nfMissing)
	_, body = coord.get("/missing/imports/reviews")
	for _, m := range regexp.MustCompile(`/missing/imports/([^/"]+)/reviews/(\d+)`).FindAllStringSubmatch(body, -1) {
		p := [2]string{m[1], m[2]}
		if !slices.Contains(w.pairs["import/line"], p) {
			w.pairs["import/line"] = append(w.pairs["import/line"], p)
		}
	}
	// Every line of the file, whoever may see it.
	for line := 1; line <= 6; line++ {
		p := [2]string{id, fmt.Sprint(line)}
		if !slices.Contains(w.pairs["import/line"], p) {
			w.pairs["import/line"] = append(w.pairs["import/line"], p)
		}
	}
}

// sight is who may see each record in full, read afresh after planting.
func (w *leakWorld) sight() map[string]map[string]bool {
	ctx := context.Background()
	full := map[string]map[string]bool{}
	for _, rec := range leakSight {
		f, err := people.LoadFacts(ctx, w.e.db.Read(), w.person[rec])
		if err != nil {
			w.t.Fatal(err)
		}
		r := f.Record
		if err := access.Load(ctx, w.e.db.Read(), &r); err != nil {
			w.t.Fatal(err)
		}
		full[rec] = map[string]bool{}
		for _, u := range w.users {
			full[rec][u.Email] = access.View(u, r) == access.Full
		}
	}
	return full
}
