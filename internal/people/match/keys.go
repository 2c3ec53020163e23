package match

import (
	"hash/fnv"
	"slices"
	"strconv"

	"mace/internal/platform/civil"
)

// KeyVersion names the key algorithm. Change it whenever Keys would give a
// stored record different keys: stores rebuild keys made by another
// version.
const KeyVersion = 1

// Person is what matching knows of a person record, or of a referral's
// details about a young person.
type Person struct {
	GivenNames  string
	FamilyName  string
	OtherNames  []string // known-as and street names
	DateOfBirth civil.Date
	// AgeYears is an age in years on AgeOn: a record's estimated age, or a
	// referral's approximate age (AgeOn is then today). Used only when the
	// date of birth is not known.
	AgeYears  int
	AgeOn     civil.Date
	Postcodes []string // as PostcodeKey gives them
	Phones    []string // as PhoneKey gives them
}

// Kinds of key. A key is a 64-bit number: its kind in the top byte and a
// hash of its parts below, so stores can index numbers rather than text
// and still tell a key's kind.
const (
	KindVersion    = 1  // one per record: which KeyVersion made its keys
	KindGivenFreq  = 3  // the first given name's phonetic code
	KindFamilyFreq = 4  // each family name word's phonetic code
	KindPostFreq   = 5  // each postcode
	kindNameYear   = 16 // first name code, family code, birth year
	kindNameMD     = 17 // first name code, family code, birth month and day
	kindNameDate   = 18 // first name code, date of birth
	kindFamilyDate = 19 // family code, date of birth
	kindNamePost   = 20 // first name code, postcode
	kindFamilyPost = 21 // family code, postcode
	kindPhone      = 22 // phone number
	kindNames      = 23 // first name code, family code
	kindNameYearF  = 24 // first name code, family initial, birth year
	kindFamilyYear = 25 // family code, first name initial, birth year
)

// FirstFrequencyKind is the lowest kind that is counted rather than
// looked up: kinds below blocking kinds are frequency keys.
const firstBlockingKind = 16

// IsFrequencyKey reports whether a key counts records (and is never looked
// up to find candidates).
func IsFrequencyKey(k int64) bool { return Kind(k) < firstBlockingKind }

// Kind is the kind of a key.
func Kind(k int64) int { return int(uint64(k) >> 56) }

func key(kind int, parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0x1f})
	}
	return int64(uint64(kind)<<56 | h.Sum64()&(1<<56-1))
}

// VersionKey is the key every record whose keys KeyVersion made carries.
func VersionKey() int64 { return key(KindVersion, strconv.Itoa(KeyVersion)) }

// TotalKey is the key whose count is the number of records: the version
// key, which every record carries.
func TotalKey() int64 { return VersionKey() }

// GivenFreqKey, FamilyFreqKey and PostcodeFreqKey are the keys whose counts
// say how common a given name, family name or postcode is.
func GivenFreqKey(code string) int64        { return key(KindGivenFreq, code) }
func FamilyFreqKey(code string) int64       { return key(KindFamilyFreq, code) }
func PostcodeFreqKey(postcode string) int64 { return key(KindPostFreq, postcode) }

// codes returns a word's Double Metaphone codes, primary first.
func codes(word string) []string {
	p, a := DoubleMetaphone(word)
	switch {
	case p == "":
		return nil
	case a == "" || a == p:
		return []string{p}
	}
	return []string{p, a}
}

// addCodes adds a word's codes to set: both for a query, the primary
// alone for a stored record (a query's alternate code still meets a
// record's primary, and records carry half the keys).
func addCodes(set []string, word string, query bool) []string {
	cs := codes(word)
	if !query && len(cs) > 1 {
		cs = cs[:1]
	}
	for _, c := range cs {
		if !slices.Contains(set, c) {
			set = append(set, c)
		}
	}
	return set
}

// firstCodes are the codes of a record's first names (given, known-as and
// street names) and of the names they are forms of.
func firstCodes(given string, others []string, query bool) []string {
	var out []string
	words := Words(given)
	if len(words) > 2 {
		words = words[:2]
	}
	for _, n := range others {
		if w := Words(n); len(w) > 0 {
			words = append(words, w[0])
		}
	}
	for _, w := range words {
		out = addCodes(out, w, query)
		roots := Roots(w)
		if len(roots) > maxBlockRoots {
			roots = roots[:maxBlockRoots]
		}
		for _, r := range roots {
			out = addCodes(out, r, false)
		}
	}
	return out
}

// familyCodes are the codes of each word of a family name.
func familyCodes(family string, query bool) []string {
	var out []string
	for _, w := range Words(family) {
		out = addCodes(out, w, query)
	}
	return out
}

// birthYears are the years a record's or a referral's young person was
// born in, as far as it is known: the year of the date of birth, or the
// years an age allows, widened by one each side for an estimate.
func birthYears(p Person) []int {
	switch {
	case !p.DateOfBirth.IsZero():
		return []int{p.DateOfBirth.Year}
	case p.AgeYears > 0 && !p.AgeOn.IsZero():
		y := p.AgeOn.Year - p.AgeYears
		return []int{y - 2, y - 1, y, y + 1}
	}
	return nil
}

// Keys returns every key stored for a person record: its version and
// counting keys and its blocking keys, each once.
func Keys(p Person) []int64 {
	out := append(FrequencyKeys(p), blockingKeys(p, false)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// FrequencyKeys returns a record's version and counting keys: those whose
// counts Score needs to weigh its names and postcodes.
func FrequencyKeys(p Person) []int64 {
	out := []int64{VersionKey()}
	if g := Words(p.GivenNames); len(g) > 0 {
		if c := codes(g[0]); len(c) > 0 {
			out = append(out, GivenFreqKey(c[0]))
		}
	}
	for _, w := range Words(p.FamilyName) {
		if c := codes(w); len(c) > 0 {
			out = append(out, FamilyFreqKey(c[0]))
		}
	}
	for _, pc := range p.Postcodes {
		out = append(out, PostcodeFreqKey(pc))
	}
	return out
}

// QueryKeys returns the blocking keys to look up for a referral's details:
// those of the details as given (with alternate codes too) and with the
// given and family names swapped.
func QueryKeys(q Person) []int64 {
	out := blockingKeys(q, true)
	slices.Sort(out)
	return slices.Compact(out)
}

func blockingKeys(p Person, query bool) []int64 {
	var out []int64
	n := firstCodes(p.GivenNames, p.OtherNames, query)
	f := familyCodes(p.FamilyName, query)
	var years []int
	var dates []civil.Date
	switch {
	case !p.DateOfBirth.IsZero():
		years = []int{p.DateOfBirth.Year}
		// A date with the day and month swapped, or one digit wrong, is
		// still found by the keys with the year or the month and day.
		dates = []civil.Date{p.DateOfBirth}
	case query:
		years = birthYears(p)
	default:
		if ys := birthYears(p); len(ys) == 4 {
			years = ys[1:]
		}
	}
	pairs := func(n, f []string) {
		for _, a := range n {
			for _, b := range f {
				out = append(out, key(kindNames, a, b))
				for _, y := range years {
					out = append(out, key(kindNameYear, a, b, strconv.Itoa(y)))
				}
				for _, d := range dates {
					out = append(out, key(kindNameMD, a, b, strconv.Itoa(int(d.Month)), strconv.Itoa(d.Day)))
				}
			}
		}
	}
	pairs(n, f)
	// A typing mistake changes one name's code but seldom its first
	// letter: the other name's code with this one's initial and the year
	// finds the record when there is no date of birth to go by.
	initials := func(name string) []string {
		var out []string
		for _, w := range Words(name) {
			if r := []rune(w); len(r) > 0 && !slices.Contains(out, string(r[0])) {
				out = append(out, string(r[0]))
			}
		}
		return out
	}
	for _, y := range years {
		ys := strconv.Itoa(y)
		for _, a := range n {
			for _, fi := range initials(p.FamilyName) {
				out = append(out, key(kindNameYearF, a, fi, ys))
			}
		}
		if g := initials(p.GivenNames); len(g) > 0 {
			for _, b := range f {
				out = append(out, key(kindFamilyYear, b, g[0], ys))
			}
		}
	}
	if query {
		// Given and family names the wrong way round.
		pairs(familyCodes(p.FamilyName, false), firstCodes(p.GivenNames, nil, false))
	}
	for _, d := range dates {
		ds := d.String()
		for _, a := range n {
			out = append(out, key(kindNameDate, a, ds))
		}
		for _, b := range f {
			out = append(out, key(kindFamilyDate, b, ds))
		}
	}
	for _, pc := range p.Postcodes {
		for _, a := range n {
			out = append(out, key(kindNamePost, a, pc))
		}
		for _, b := range f {
			out = append(out, key(kindFamilyPost, b, pc))
		}
	}
	for _, ph := range p.Phones {
		out = append(out, key(kindPhone, ph))
	}
	return out
}

// KeyWeight says how telling it is that a record shares a blocking key with
// a referral, for choosing which records to score first: a phone number or
// a full date of birth with a name more than a name and a year.
func KeyWeight(k int64) int {
	switch Kind(k) {
	case kindPhone:
		return 6
	case kindNameDate, kindFamilyDate, kindNameMD:
		return 3
	case kindNameYear, kindNamePost, kindFamilyPost:
		return 2
	}
	return 1
}
