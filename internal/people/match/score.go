package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Frequencies says how common names and postcodes are among the stored
// records: the count of each frequency key and the number of records.
type Frequencies struct {
	Counts map[int64]int
	Total  int
}

// Prior shares of records with a name code or postcode, used while a store
// holds too few records to say (the counts are blended with them).
const (
	priorName     = 0.005
	priorPostcode = 0.0005
	priorWeight   = 1 // in records
)

// share is the smoothed share of records with key k.
func (f Frequencies) share(k int64, prior float64) float64 {
	return (float64(f.Counts[k]) + priorWeight) / (float64(f.Total) + priorWeight/prior)
}

// Threshold is the total weight (in bits of evidence) at which the score
// is one half: the log-odds against two records being the same young
// person before anything is compared.
const Threshold = 18

// Result is how well a candidate matches: a score from 0 to 1 (the chance,
// under the model, that the two are the same young person), the evidence
// in bits, and the reasons in plain words, strongest first.
type Result struct {
	Score   float64
	Weight  float64
	Reasons []string
}

type evidence struct {
	w      float64
	reason string
}

// Score compares a referral's details q with a candidate record c.
func Score(q, c Person, f Frequencies) Result {
	var ev []evidence
	names, swapped := compareNames(q, c, f)
	if swapped {
		ev = append(ev, evidence{0, "given and family names swapped"})
	}
	ev = append(ev, names...)
	ev = append(ev, compareBirth(q, c)...)
	ev = append(ev, comparePostcodes(q, c, f)...)
	ev = append(ev, comparePhones(q, c)...)
	var r Result
	for _, e := range ev {
		r.Weight += e.w
	}
	slices.SortStableFunc(ev, func(a, b evidence) int {
		switch {
		case math.Abs(a.w) > math.Abs(b.w):
			return -1
		case math.Abs(a.w) < math.Abs(b.w):
			return 1
		}
		return 0
	})
	if swapped {
		// Say it first: the other reasons read the names swapped.
		r.Reasons = append(r.Reasons, "given and family names swapped")
	}
	for _, e := range ev {
		if e.reason != "" && e.reason != "given and family names swapped" {
			r.Reasons = append(r.Reasons, e.reason)
		}
	}
	r.Score = 1 / (1 + math.Exp2(Threshold-r.Weight))
	return r
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// compareNames weighs the names as given and, when that explains them
// better, with the given and family names swapped.
func compareNames(q, c Person, f Frequencies) ([]evidence, bool) {
	straight := nameEvidence(q, c, f)
	if q.GivenNames == "" || q.FamilyName == "" {
		return straight, false
	}
	sq := q
	sq.GivenNames, sq.FamilyName = q.FamilyName, q.GivenNames
	swapped := nameEvidence(sq, c, f)
	const cost = 1.5 // names are rarely swapped: it must explain them clearly better
	if total(swapped)-cost > total(straight) {
		return append(swapped, evidence{-cost, ""}), true
	}
	return straight, false
}

func total(ev []evidence) float64 {
	t := 0.0
	for _, e := range ev {
		t += e.w
	}
	return t
}

// Levels of agreement between two name words.
const (
	differ = iota
	initial
	spelling
	phonetic
	variant
	part
	same
)

// compareWords says how alike two normalised name words are.
func compareWords(a, b string) (level int, root string) {
	switch {
	case a == "" || b == "":
		return differ, ""
	case a == b:
		return same, ""
	}
	if r, ok := SharedRoot(a, b); ok {
		return variant, r
	}
	if Alike(a, b) && min(len(a), len(b)) > 1 {
		return phonetic, ""
	}
	d := editDistance(a, b)
	if (d == 1 && min(len(a), len(b)) >= 3) || (d == 2 && min(len(a), len(b)) >= 7) {
		return spelling, ""
	}
	if (len(a) == 1 || len(b) == 1) && a[0] == b[0] {
		return initial, ""
	}
	return differ, ""
}

// nameEvidence compares the first names (given, known-as and street names)
// and the family names.
func nameEvidence(q, c Person, f Frequencies) []evidence {
	var ev []evidence
	type named struct{ field, word, full string }
	var qn, cn []named
	if w := Words(q.GivenNames); len(w) > 0 {
		qn = append(qn, named{"given name", w[0], q.GivenNames})
	}
	for _, o := range q.OtherNames {
		if w := Words(o); len(w) > 0 {
			qn = append(qn, named{"known-as name", w[0], o})
		}
	}
	for i, w := range Words(c.GivenNames) {
		if i < 2 {
			cn = append(cn, named{"given name", w, c.GivenNames})
		}
	}
	for _, o := range c.OtherNames {
		if w := Words(o); len(w) > 0 {
			cn = append(cn, named{"known-as name", w[0], o})
		}
	}
	if len(qn) > 0 && len(cn) > 0 {
		best, bi, bj, broot := differ, 0, 0, ""
		for i := range qn {
			for j := range cn {
				l, r := compareWords(qn[i].word, cn[j].word)
				if l > best {
					best, bi, bj, broot = l, i, j, r
				}
			}
		}
		a, b := qn[bi], cn[bj]
		full := 2.0
		if cc := codes(b.word); len(cc) > 0 {
			full = clamp(math.Log2(0.95/f.share(GivenFreqKey(cc[0]), priorName)), 2, 14)
		}
		where := a.field
		if a.field != b.field {
			where = fmt.Sprintf("%s ‘%s’ and their %s", a.field, a.full, b.field)
		}
		switch best {
		case same:
			if a.field == b.field {
				ev = append(ev, evidence{full, "same " + a.field})
			} else {
				ev = append(ev, evidence{full - 0.5, fmt.Sprintf("%s ‘%s’ matches their %s", a.field, a.full, b.field)})
			}
		case variant:
			ev = append(ev, evidence{full - 1.5, fmt.Sprintf("%s ‘%s’ is a form of %s", a.field, a.full, title(broot))})
		case phonetic:
			ev = append(ev, evidence{full - 2, fmt.Sprintf("%s sound alike: ‘%s’ and %s", plural(where), a.full, b.full)})
		case spelling:
			ev = append(ev, evidence{full - 2.5, fmt.Sprintf("%s spelt slightly differently: ‘%s’ and %s", plural(where), a.full, b.full)})
		case initial:
			ev = append(ev, evidence{1, fmt.Sprintf("%s initial matches", a.field)})
		default:
			ev = append(ev, evidence{-3.5, "different given name"})
		}
	}
	qf, cf := Words(q.FamilyName), Words(c.FamilyName)
	if len(qf) > 0 && len(cf) > 0 {
		best := differ
		var cw string
		for _, a := range qf {
			for _, b := range cf {
				if l, _ := compareWords(a, b); l > best || (l == best && cw == "") {
					best, cw = l, b
				}
			}
		}
		if best == same && Key(q.FamilyName) != Key(c.FamilyName) {
			best = part
		}
		full := 2.0
		if cc := codes(cw); len(cc) > 0 {
			full = clamp(math.Log2(0.95/f.share(FamilyFreqKey(cc[0]), priorName)), 2, 14)
		}
		switch best {
		case same:
			ev = append(ev, evidence{full, "same family name"})
		case part:
			ev = append(ev, evidence{full - 1.5, fmt.Sprintf("family name ‘%s’ shares a part with %s", q.FamilyName, c.FamilyName)})
		case variant, phonetic:
			ev = append(ev, evidence{full - 2, fmt.Sprintf("family names sound alike: ‘%s’ and %s", q.FamilyName, c.FamilyName)})
		case spelling:
			ev = append(ev, evidence{full - 2.5, fmt.Sprintf("family names spelt slightly differently: ‘%s’ and %s", q.FamilyName, c.FamilyName)})
		default:
			ev = append(ev, evidence{-3, "different family name"})
		}
	}
	return ev
}

func plural(field string) string {
	if strings.Contains(field, " and their ") {
		return strings.Replace(field, " name", "", 1) + " names"
	}
	return field + "s"
}

func title(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbouring letters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 64
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
