package missingimport

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// What an import does with each row.
const (
	ActionCreate  = "create"  // a new episode
	ActionClose   = "close"   // ends the open episode with the row's reference
	ActionNone    = "none"    // already imported: nothing to do
	ActionReview  = "review"  // no certain match: a coordinator chooses the record
	ActionProblem = "problem" // the row cannot be imported as it is
)

// MatchMargin is how far ahead of the next record the best match must
// score for a row to be matched to it: a likely match (people.LikelyMatch
// and above) with another record close behind is two records a coordinator
// must tell apart, never a guess.
const MatchMargin = 0.1

// RowResult is what an import found for one row and will do with it.
type RowResult struct {
	Line      int      `json:"line"`
	Reference string   `json:"police_reference"`
	Action    string   `json:"action"`
	Problems  []string `json:"problems,omitempty"`
	// Reason says why a row needs review, or notes what was found.
	Reason    string `json:"reason,omitempty"`
	PersonID  string `json:"person_id,omitempty"`
	EpisodeID string `json:"episode_id,omitempty"`
	// What the review of a row needs, kept with the preview and never shown
	// to the uploader (present clears them): the record the row best
	// matched, the reason its reviewer reads, and the authority that
	// reviews it (access.ReviewRow).
	Candidate    string `json:"candidate_id,omitempty"`
	ReviewReason string `json:"review_reason,omitempty"`
	ReviewOrg    string `json:"review_org,omitempty"`
}

// Why a row goes to review, as its uploader reads it when a record they
// may not see could be the young person, or none is: the same words
// either way (access.ImportRow).
const ReasonForAuthority = "The authority’s missing coordinators will match this row to the young person’s record"

// Why a row goes to review, as its reviewer reads it when the matches
// include a record their authority may not see, or when the importer may
// not add to the record matched.
const (
	reviewUncertain  = "No record certainly matches this young person"
	reviewNotAllowed = "The importer may not add episodes to the record this row matches"
)

// step is one row's planned change.
type step struct {
	res *RowResult
	ep  *missing.Episode // the episode to insert (create) or as closed (close)
	p   *people.Facts
	// oldEnd is a closed episode's end before (zero).
	closes bool
}

// columnOf names the file's column for a field of the episode's rules.
var columnOf = map[string]string{
	"type": "type", "start_at": "start", "end_at": "end", "reported_by": "reported_by",
	"police_organisation_id": "force", "police_reference": "police_reference", "risk_grading": "risk_grading",
	"found_place": "where_found", "found_place_postcode": "where_found_postcode", "found_with": "found_with",
}

func addProblems(res *RowResult, err error) {
	for _, f := range errs.Fields(err) {
		col := columnOf[f.Field]
		if col == "" {
			col = f.Field
		}
		if !hasColumn(res.Problems, col) {
			res.Problems = append(res.Problems, col+": "+f.Message)
		}
	}
	if len(errs.Fields(err)) == 0 && err != nil {
		res.Problems = append(res.Problems, err.Error())
	}
}

func hasColumn(problems []string, col string) bool {
	for _, p := range problems {
		if strings.HasPrefix(p, col+": ") {
			return true
		}
	}
	return false
}

// inputOf is the episode a row describes.
func inputOf(r *Row, forceID string) missing.Input {
	in := missing.Input{Type: r.Type, StartAt: r.Start, ReportedBy: r.ReportedBy, PoliceOrgID: forceID,
		PoliceReference: r.PoliceReference, RiskGrading: r.RiskGrading, FoundPlace: r.FoundPlace,
		FoundWith: r.FoundWith, LookedAfter: r.LookedAfter, StartProblem: r.startProblem, EndProblem: r.endProblem}
	if !r.End.IsZero() {
		end := r.End
		in.EndAt = &end
	}
	return in
}

// decide turns a row's matches into a record, or the reason a coordinator
// must choose.
func decide(ms []people.Match) (string, string) {
	switch {
	case len(ms) == 0:
		return "", "No record of this young person was found"
	case !ms[0].Likely:
		return "", "No record is a likely match"
	case len(ms) > 1 && ms[1].Score > ms[0].Score-MatchMargin:
		return "", "More than one record may be this young person"
	}
	return ms[0].PersonID, ""
}

// planner works out, for user u, what importing rows would do, reading the
// database through q. chosen gives the record of rows whose young person
// is already decided (by the preview, or by a coordinator on review);
// match, when set, finds the others' records with the people matcher.
type planner struct {
	im       *Importer
	q        db.Querier
	u        *auth.User
	now      time.Time
	chosen   map[int]string
	match    bool
	progress func(done, total int)
	// defaultForce is the force of rows that name none (when not set: the
	// user's own, for a police officer).
	defaultForce string
	// forceOf is the force of each row's reference, by line, once planned.
	forceOf map[int]string
	// forceName names each force, for the audit trail of a grant.
	forceName map[string]string
	// authority is the local authority the import is made for: it reviews
	// the rows that match no record.
	authority string
}

// plan returns every row's result and the steps that change something.
func (pl *planner) plan(ctx context.Context, rows []Row) ([]RowResult, []*step, error) {
	s, u := pl.im.Svc, pl.u
	forces, err := s.Forces(ctx)
	if err != nil {
		return nil, nil, err
	}
	byName, isForce := map[string]string{}, map[string]bool{}
	pl.forceName = map[string]string{}
	for _, f := range forces {
		byName[strings.ToLower(f.Name)], isForce[f.ID] = f.ID, true
		pl.forceName[f.ID] = f.Name
	}
	results := make([]RowResult, len(rows))
	inputs := make([]missing.Input, len(rows))
	placeholder := db.NewID()
	var keys []missing.Reference
	for i := range rows {
		r, res := &rows[i], &results[i]
		res.Line, res.Reference, res.Problems = r.Line, strings.ToUpper(text.OneLine(r.PoliceReference)), append([]string(nil), r.Problems...)
		forceID := ""
		switch {
		case r.Force != "":
			if forceID = byName[strings.ToLower(text.OneLine(r.Force))]; forceID == "" {
				res.Problems = append(res.Problems, fmt.Sprintf("force: %q is not a police force the service knows", truncate(r.Force, 40)))
			}
		case pl.defaultForce != "":
			forceID = pl.defaultForce
		case u.Organisation.Type == auth.PoliceForce:
			forceID = u.Organisation.ID
		default:
			res.Problems = append(res.Problems, "force: Enter the police force whose reference this is")
		}
		if forceID != "" && access.OwnForceOnly(u) && forceID != u.Organisation.ID {
			res.Problems = append(res.Problems, "force: Police officers import episodes for their own force")
		}
		if pl.forceOf == nil {
			pl.forceOf = map[int]string{}
		}
		pl.forceOf[r.Line] = forceID
		in := inputOf(r, forceID)
		in.PersonID = placeholder
		addProblems(res, in.Validate(pl.now, r.DateOfBirth, func(id string) bool { return isForce[id] }))
		inputs[i] = in
		if len(res.Problems) == 0 {
			keys = append(keys, missing.Reference{Force: in.PoliceOrgID, Ref: in.PoliceReference})
		}
	}
	stored, err := missing.ByReference(ctx, pl.q, keys)
	if err != nil {
		return nil, nil, err
	}
	// The young person of each row whose reference is new to the service.
	personOf := make([]string, len(rows))
	// The matches of rows no record certainly matched, to say why only
	// what the reader may see.
	unsure := map[int][]people.Match{}
	var queries []people.MatchQuery
	var asking []int
	seen := map[missing.Reference]int{}
	for i := range rows {
		res, in := &results[i], &inputs[i]
		k := missing.Reference{Force: in.PoliceOrgID, Ref: in.PoliceReference}
		if len(res.Problems) > 0 {
			continue
		}
		if e := stored[k]; e != nil {
			personOf[i] = e.PersonID
			continue
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = i
		if id, ok := pl.chosen[rows[i].Line]; ok {
			personOf[i] = id
			continue
		}
		if pl.match {
			q := people.MatchQuery{GivenNames: rows[i].GivenName, FamilyName: rows[i].FamilyName, DateOfBirth: rows[i].DateOfBirth}
			if rows[i].Postcode != "" {
				q.Postcodes = []string{rows[i].Postcode}
			}
			queries, asking = append(queries, q), append(asking, i)
		}
	}
	if len(queries) > 0 {
		var report func(int)
		if pl.progress != nil {
			report = func(done int) { pl.progress(done, len(queries)) }
		}
		found, err := pl.im.People.MatchManyAcross(auth.WithUser(ctx, u), queries, 3, report)
		if err != nil {
			return nil, nil, err
		}
		for j, i := range asking {
			id, reason := decide(found[j])
			personOf[i], results[i].ReviewReason = id, reason
			if id == "" && len(found[j]) > 0 {
				unsure[i], results[i].Candidate = found[j], found[j][0].PersonID
			}
		}
	}
	var ids, more []string
	for _, id := range personOf {
		if id != "" {
			ids = append(ids, id)
		}
	}
	for _, ms := range unsure {
		for _, m := range ms {
			more = append(more, m.PersonID)
		}
	}
	persons, err := people.LoadManyFacts(ctx, pl.q, append(more, ids...))
	if err != nil {
		return nil, nil, err
	}
	spans, err := missing.Spans(ctx, pl.q, ids)
	if err != nil {
		return nil, nil, err
	}
	return results, pl.walk(rows, inputs, results, stored, personOf, persons, spans, unsure), nil
}

// toReview sends a row to review: to the authority that owns candidate,
// the record it best matched, or with none to the import's authority. The
// uploader reads why only when they may see every record it may be; the
// reviewer, only when their authority may.
func (pl *planner) toReview(res *RowResult, candidate string, persons map[string]*people.Facts, ms []people.Match, notAllowed bool) {
	res.Action, res.PersonID, res.EpisodeID, res.Candidate, res.ReviewOrg = ActionReview, "", "", candidate, pl.authority
	if c := persons[candidate]; c != nil {
		res.ReviewOrg = c.Record.OwnerOrgID
	}
	res.Reason = ReasonForAuthority
	if notAllowed {
		res.ReviewReason = reviewNotAllowed
		return
	}
	if res.ReviewReason == "" {
		res.ReviewReason = reviewUncertain
	}
	uploader, reviewer := len(ms) > 0, true
	owner := access.Organisation{ID: res.ReviewOrg, Type: auth.LocalAuthority}
	for _, m := range ms {
		p := persons[m.PersonID]
		if p == nil {
			uploader, reviewer = false, false
			break
		}
		uploader = uploader && access.SeeAbout(pl.u, &p.Record)
		reviewer = reviewer && access.OrgSeesAbout(owner, &p.Record)
	}
	if uploader {
		res.Reason = res.ReviewReason
	}
	if !reviewer {
		res.ReviewReason = reviewUncertain
	}
}

// walk decides each row in file order, as if the rows before it were
// already imported.
func (pl *planner) walk(rows []Row, inputs []missing.Input, results []RowResult, stored map[missing.Reference]*missing.Episode,
	personOf []string, persons map[string]*people.Facts, spans map[string][]missing.Span, unsure map[int][]people.Match) []*step {
	s, u := pl.im.Svc, pl.u
	var steps []*step
	inFile := map[missing.Reference]*step{}
	reviewed := map[missing.Reference]*RowResult{}
	for i := range rows {
		res, in := &results[i], inputs[i]
		k := missing.Reference{Force: in.PoliceOrgID, Ref: in.PoliceReference}
		if len(res.Problems) > 0 {
			res.Action = ActionProblem
			continue
		}
		// An episode this file already opens or closes.
		if st := inFile[k]; st != nil {
			res.PersonID, res.EpisodeID = st.ep.PersonID, st.ep.ID
			if in.EndAt == nil || !st.ep.Open() {
				res.Action, res.Reason = ActionNone, fmt.Sprintf("The same episode as line %d", st.res.Line)
				continue
			}
			if pl.close(res, st.ep, in, spans) {
				st.ep.EndAt, st.ep.FoundPlace, st.ep.FoundWith = *in.EndAt, in.FoundPlace, in.FoundWith
				st.ep.InterviewDueAt = s.InterviewDue(st.ep.EndAt)
				res.Action, res.Reason = ActionClose, fmt.Sprintf("Ends the episode line %d opens", st.res.Line)
			}
			continue
		}
		p := persons[personOf[i]]
		if e := stored[k]; e != nil {
			res.PersonID, res.EpisodeID = e.PersonID, e.ID
			allowed := p != nil && access.ImportRow(u, p.Record, in.PoliceOrgID)
			switch {
			case !allowed && (in.EndAt == nil || !e.Open()):
				// Nothing to do: the reference is the force's own.
				res.Action, res.Reason = ActionNone, "Already imported"
			case !allowed:
				pl.toReview(res, e.PersonID, persons, nil, true)
			case p.MergedInto != "":
				res.Action = ActionProblem
				res.Problems = append(res.Problems, "police_reference: This reference is an episode of a record merged into another")
			case in.EndAt == nil || !e.Open():
				res.Action, res.Reason = ActionNone, "Already imported"
			default:
				ep := *e
				if pl.close(res, &ep, in, spans) {
					ep.EndAt, ep.FoundPlace, ep.FoundWith = *in.EndAt, in.FoundPlace, in.FoundWith
					ep.InterviewDueAt, ep.UpdatedAt = s.InterviewDue(ep.EndAt), pl.now
					st := &step{res: res, ep: &ep, p: p, closes: true}
					steps, inFile[k] = append(steps, st), st
					res.Action = ActionClose
				}
			}
			continue
		}
		if p == nil {
			if first := reviewed[k]; first != nil {
				// The same episode as a row before it sent to review.
				pl.toReview(res, first.Candidate, persons, nil, false)
				res.Reason, res.ReviewReason, res.ReviewOrg = first.Reason, first.ReviewReason, first.ReviewOrg
				continue
			}
			pl.toReview(res, res.Candidate, persons, unsure[i], false)
			reviewed[k] = res
			continue
		}
		if !access.ImportRow(u, p.Record, in.PoliceOrgID) {
			// Nothing of the record is checked, so nothing of it is told.
			pl.toReview(res, p.ID, persons, nil, true)
			reviewed[k] = res
			continue
		}
		res.PersonID = p.ID
		in.PersonID = p.ID
		if err := in.Validate(pl.now, p.DateOfBirth, func(string) bool { return true }); err != nil {
			res.Action = ActionProblem
			addProblems(res, err)
			continue
		}
		if p.MergedInto != "" {
			res.Action, res.PersonID = ActionReview, ""
			res.Reason = "The record chosen was merged into another"
			continue
		}
		end := time.Time{}
		if in.EndAt != nil {
			end = *in.EndAt
		}
		if clash(spans[p.ID], in.StartAt, end, "") {
			res.Action = ActionProblem
			addProblems(res, missing.ErrOverlap)
			continue
		}
		e := s.NewEpisode(u, in, pl.now)
		spans[p.ID] = append(spans[p.ID], missing.Span{ID: e.ID, Start: e.StartAt, End: e.EndAt})
		st := &step{res: res, ep: e, p: p}
		steps, inFile[k] = append(steps, st), st
		res.Action, res.EpisodeID, res.Reason = ActionCreate, e.ID, ""
	}
	return steps
}

// close checks that the row's end may close the open episode e, noting the
// problems on res when not; the spans then hold the new end.
func (pl *planner) close(res *RowResult, e *missing.Episode, in missing.Input, spans map[string][]missing.Span) bool {
	end := *in.EndAt
	switch {
	case !end.After(e.StartAt):
		res.Action = ActionProblem
		addProblems(res, missing.ErrEndBeforeStart)
		return false
	case clash(spans[e.PersonID], e.StartAt, end, e.ID):
		res.Action = ActionProblem
		addProblems(res, missing.ErrOverlap)
		return false
	}
	list := spans[e.PersonID]
	for j := range list {
		if list[j].ID == e.ID {
			list[j].End = end
		}
	}
	return true
}

func clash(list []missing.Span, start, end time.Time, except string) bool {
	for _, a := range list {
		if a.Overlaps(start, end, except) {
			return true
		}
	}
	return false
}
