package people

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"mace/internal/people/match"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// MatchMany is Matches for many queries at once, as an import of a file
// needs: the queries are scored side by side on the read pool, identical
// queries once, and the whole search is one event on the audit trail
// (naming how many queries, never their values). The answer holds one
// list per query, in order; a query Matches would refuse (no name, a date
// of birth in the future, a postcode that is not one) finds nothing.
// progress, when not nil, is told how many queries are done so far.
func (s *Service) MatchMany(ctx context.Context, qs []MatchQuery, limit int, progress func(done int)) ([][]Match, error) {
	return s.matchMany(ctx, qs, limit, false, progress)
}

// MatchManyAcross is MatchMany over every record, whoever may see it: for
// an import that must find the young person's record, such as a police
// force's missing notifications about children the force has not met. The
// caller must show a user only the matches they may see.
func (s *Service) MatchManyAcross(ctx context.Context, qs []MatchQuery, limit int, progress func(done int)) ([][]Match, error) {
	return s.matchMany(ctx, qs, limit, true, progress)
}

func (s *Service) matchMany(ctx context.Context, qs []MatchQuery, limit int, all bool, progress func(done int)) ([][]Match, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > 50 {
		limit = 10
	}
	out := make([][]Match, len(qs))
	// Identical queries (the same young person on several rows) are
	// scored once.
	first := map[string]int{}
	var todo []int
	for i, q := range qs {
		k := queryKey(q)
		if _, ok := first[k]; ok {
			continue
		}
		first[k] = i
		todo = append(todo, i)
	}
	read := s.DB.Read()
	var (
		mu      sync.Mutex
		done    int
		failure error
		wg      sync.WaitGroup
	)
	next := make(chan int)
	for range max(2, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var ms []Match
				mp, _, verr := s.matchPerson(qs[i])
				var err error
				if verr == nil {
					ms, err = s.score(ctx, read, u, all, mp, limit)
				}
				mu.Lock()
				out[i], done = ms, done+1
				if err != nil && failure == nil {
					failure = err
				}
				if progress != nil && done%500 == 0 {
					progress(done)
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if failure == nil {
		failure = ctx.Err()
	}
	if failure != nil {
		return nil, errs.Wrap(failure, "finding matches")
	}
	for i, q := range qs {
		out[i] = out[first[queryKey(q)]]
		if out[i] == nil {
			out[i] = []Match{}
		}
	}
	if progress != nil {
		progress(len(todo))
	}
	across := ""
	if all {
		across = " across every record"
	}
	detail := fmt.Sprintf("match search"+across+" for %d queries (%d different); %d with a match", len(qs), len(todo), countFound(out))
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Search, RecordType: "person-match", Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the match search")
	}
	return out, nil
}

func countFound(out [][]Match) int {
	n := 0
	for _, ms := range out {
		if len(ms) > 0 {
			n++
		}
	}
	return n
}

// queryKey identifies a query's content, to score repeats once.
func queryKey(q MatchQuery) string {
	return strings.Join([]string{q.GivenNames, q.FamilyName, strings.Join(q.OtherNames, "\x1f"), q.DateOfBirth.String(),
		fmt.Sprint(q.AgeYears), strings.Join(q.Postcodes, "\x1f"), strings.Join(q.Phones, "\x1f")}, "\x1e")
}

// score finds and scores the records u may see in full (every record when
// all is set) that share a blocking key with mp, best first, at most limit.
func (s *Service) score(ctx context.Context, read db.Querier, u *auth.User, all bool, mp match.Person, limit int) ([]Match, error) {
	var cs []*candidate
	var freq match.Frequencies
	if keys := match.QueryKeys(mp); len(keys) > 0 {
		var err error
		if cs, err = findCandidates(ctx, read, keys, candidateFilter{User: u, Every: all}); err != nil {
			return nil, err
		}
		if err := loadCandidateDetails(ctx, read, cs); err != nil {
			return nil, err
		}
		var fkeys []int64
		for _, c := range cs {
			fkeys = append(fkeys, match.FrequencyKeys(candidatePerson(c))...)
		}
		if freq, err = loadCounts(ctx, read, fkeys); err != nil {
			return nil, err
		}
	}
	out := []Match{}
	for _, c := range cs {
		r := match.Score(mp, candidatePerson(c), freq)
		if r.Score < MinMatchScore {
			continue
		}
		out = append(out, Match{PersonID: c.ID, Score: r.Score, Reasons: r.Reasons, Likely: r.Score >= LikelyMatch, Person: c.Summary})
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.PersonID, b.PersonID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		if len(out[i].Person.Postcode) == 0 {
			for _, c := range cs {
				if c.ID == out[i].PersonID && len(c.Postcodes) > 0 {
					out[i].Person.Postcode = c.Postcodes[0]
				}
			}
		}
	}
	return out, nil
}
