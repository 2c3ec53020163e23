package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
)

//go:embed data/*.csv
var dataFS embed.FS

// sampler picks items at random in proportion to their weights.
type sampler[T any] struct {
	items []T
	cum   []float64 // cum[i] is the total weight of items[0..i]
}

func (s *sampler[T]) add(item T, weight float64) {
	if weight <= 0 {
		return
	}
	total := weight
	if n := len(s.cum); n > 0 {
		total += s.cum[n-1]
	}
	s.items = append(s.items, item)
	s.cum = append(s.cum, total)
}

func (s *sampler[T]) len() int { return len(s.items) }

func (s *sampler[T]) total() float64 {
	if len(s.cum) == 0 {
		return 0
	}
	return s.cum[len(s.cum)-1]
}

// pick returns an item chosen in proportion to its weight. The sampler must
// not be empty.
func (s *sampler[T]) pick(r *rand.Rand) T {
	x := r.Float64() * s.total()
	i, _ := slices.BinarySearch(s.cum, x)
	for i < len(s.cum)-1 && s.cum[i] <= x {
		i++ // x fell exactly on a boundary: the next item owns it
	}
	return s.items[i]
}

// postcode is a real postcode with its coordinates, in one of the two
// fictional local authorities.
type postcode struct {
	Postcode  string
	Longitude float64
	Latitude  float64
	Area      string
}

// tables holds the embedded data, parsed once and never changed.
type tables struct {
	given       map[string]*sampler[string]            // by sex: the national list
	givenOrigin map[string]map[string]*sampler[string] // by origin, then sex
	surnames    map[string]*sampler[string]            // by origin
	nicknames   map[string][]string                    // by given name
	// nicknameShare is, for each sex, the share of children (by name
	// frequency) whose given name has a nickname in the table.
	nicknameShare map[string]float64
	postcodes     map[string][]postcode // by area
	towns         map[string][]string   // by area
	streets       []string
}

// loadTables parses the embedded data the first time it is called.
var loadTables = sync.OnceValue(func() *tables {
	t, err := parseTables()
	if err != nil {
		panic("demo: embedded data: " + err.Error())
	}
	return t
})

func parseTables() (*tables, error) {
	t := &tables{
		given:         map[string]*sampler[string]{},
		givenOrigin:   map[string]map[string]*sampler[string]{},
		surnames:      map[string]*sampler[string]{},
		nicknames:     map[string][]string{},
		nicknameShare: map[string]float64{},
		postcodes:     map[string][]postcode{},
		towns:         map[string][]string{},
	}
	// Names that mark a particular community are left out of the national
	// list, so that they are given only through given_name_origins.csv.
	distinctive := map[string]bool{} // sex + "/" + name
	err := readCSV("given_name_origins.csv", []string{"origin", "sex", "name", "count", "shared"}, func(f []string) error {
		n, err := positive(f[3])
		if err != nil {
			return err
		}
		switch f[4] {
		case "no":
			distinctive[f[1]+"/"+f[2]] = true
		case "yes":
		default:
			return fmt.Errorf("shared is %q; want yes or no", f[4])
		}
		bySex := t.givenOrigin[f[0]]
		if bySex == nil {
			bySex = map[string]*sampler[string]{}
			t.givenOrigin[f[0]] = bySex
		}
		s := bySex[f[1]]
		if s == nil {
			s = &sampler[string]{}
			bySex[f[1]] = s
		}
		s.add(f[2], n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("given_names.csv", []string{"sex", "name", "count"}, func(f []string) error {
		n, err := positive(f[2])
		if err != nil {
			return err
		}
		if distinctive[f[0]+"/"+f[1]] {
			return nil
		}
		s := t.given[f[0]]
		if s == nil {
			s = &sampler[string]{}
			t.given[f[0]] = s
		}
		s.add(f[1], n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("surnames.csv", []string{"surname", "weight", "origin"}, func(f []string) error {
		n, err := positive(f[1])
		if err != nil {
			return err
		}
		s := t.surnames[f[2]]
		if s == nil {
			s = &sampler[string]{}
			t.surnames[f[2]] = s
		}
		s.add(f[0], n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("nicknames.csv", []string{"name", "nickname"}, func(f []string) error {
		t.nicknames[f[0]] = append(t.nicknames[f[0]], f[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	for sex, s := range t.given {
		with := 0.0
		prev := 0.0
		for i, name := range s.items {
			if len(t.nicknames[name]) > 0 {
				with += s.cum[i] - prev
			}
			prev = s.cum[i]
		}
		t.nicknameShare[sex] = with / s.total()
	}
	err = readCSV("postcodes.csv", []string{"postcode", "longitude", "latitude", "area"}, func(f []string) error {
		lon, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return err
		}
		lat, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return err
		}
		t.postcodes[f[3]] = append(t.postcodes[f[3]], postcode{f[0], lon, lat, f[3]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV("streets.csv", []string{"kind", "name", "area"}, func(f []string) error {
		switch f[0] {
		case "street":
			t.streets = append(t.streets, f[1])
		case "town":
			t.towns[f[2]] = append(t.towns[f[2]], f[1])
		default:
			return fmt.Errorf("unknown kind %q", f[0])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, sex := range []string{"male", "female"} {
		if t.given[sex].len() == 0 {
			return nil, fmt.Errorf("given_names.csv: no %s names", sex)
		}
	}
	for _, area := range []string{"A", "B"} {
		if len(t.postcodes[area]) == 0 || len(t.towns[area]) == 0 {
			return nil, fmt.Errorf("no postcodes or towns for area %s", area)
		}
	}
	if len(t.streets) == 0 {
		return nil, fmt.Errorf("streets.csv: no streets")
	}
	return t, nil
}

// readCSV reads an embedded CSV file whose first line must be header, and
// calls row for every other line.
func readCSV(name string, header []string, row func([]string) error) error {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(header)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Equal(head, header) {
		return fmt.Errorf("%s: header is %q; want %q", name, head, header)
	}
	for line := 2; ; line++ {
		f, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		for i := range f {
			if f[i] == "" && header[i] != "area" {
				return fmt.Errorf("%s line %d: %s is empty", name, line, header[i])
			}
		}
		if err := row(f); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
}

func positive(s string) (float64, error) {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if n <= 0 {
		return 0, fmt.Errorf("weight %s is not positive", s)
	}
	return n, nil
}

// origin is a surname origin tag from surnames.csv with a weight, used to
// say which family names are plausible for an ethnicity.
type origin struct {
	tag    string
	weight float64
}

// ethnicityOrigins says, for each ethnicity code, which surname origins a
// family of that ethnicity plausibly has, and how often. It is a coarse
// approximation for generating demo data, not a statement about anyone.
var ethnicityOrigins = map[string][]origin{
	"asian-bangladeshi":           {{"bangladeshi", 70}, {"south-asian-muslim", 30}},
	"asian-chinese":               {{"chinese", 100}},
	"asian-indian":                {{"south-asian-sikh-hindu", 82}, {"south-asian-muslim", 10}, {"south-asian-christian", 5}, {"tamil", 3}},
	"asian-pakistani":             {{"south-asian-muslim", 100}},
	"asian-other":                 {{"vietnamese", 20}, {"filipino", 20}, {"afghan-iranian", 20}, {"tamil", 15}, {"south-asian-muslim", 10}, {"south-asian-sikh-hindu", 10}, {"chinese", 5}},
	"black-african":               {{"black-african", 70}, {"somali", 25}, {"british", 5}},
	"black-caribbean":             {{"black-caribbean-british", 85}, {"british", 15}},
	"black-other":                 {{"black-caribbean-british", 50}, {"black-african", 30}, {"british", 20}},
	"mixed-white-asian":           {{"british", 60}, {"south-asian-muslim", 15}, {"south-asian-sikh-hindu", 15}, {"chinese", 10}},
	"mixed-white-black-african":   {{"british", 60}, {"black-african", 35}, {"somali", 5}},
	"mixed-white-black-caribbean": {{"british", 65}, {"black-caribbean-british", 35}},
	"mixed-other":                 {{"british", 50}, {"european", 15}, {"irish", 10}, {"black-caribbean-british", 10}, {"arabic", 10}, {"filipino", 5}},
	"white-british":               {{"british", 95}, {"irish", 5}},
	"white-irish":                 {{"irish", 80}, {"british", 20}},
	"white-gypsy-irish-traveller": {{"traveller", 50}, {"irish", 25}, {"british", 25}},
	"white-roma":                  {{"roma", 50}, {"romanian", 50}},
	"white-other":                 {{"polish", 30}, {"romanian", 20}, {"european", 20}, {"albanian", 10}, {"turkish", 10}, {"british", 10}},
	"other-arab":                  {{"arabic", 100}},
	"other-any":                   {{"afghan-iranian", 25}, {"turkish", 20}, {"arabic", 15}, {"filipino", 10}, {"european", 10}, {"vietnamese", 10}, {"british", 10}},
}

// givenNameHint says which list in given_name_origins.csv suits a surname
// origin, and how often a child of that origin is given a name from it
// rather than from the national list.
type givenNameHint struct {
	list  string
	share float64
}

var givenNameHints = map[string]givenNameHint{
	"irish":                   {"irish", 0.3},
	"south-asian-muslim":      {"muslim", 0.85},
	"bangladeshi":             {"muslim", 0.85},
	"arabic":                  {"muslim", 0.85},
	"somali":                  {"somali", 0.85},
	"south-asian-sikh-hindu":  {"sikh-hindu", 0.7},
	"tamil":                   {"sikh-hindu", 0.5},
	"black-african":           {"black-african", 0.5},
	"black-caribbean-british": {"black-caribbean", 0.35},
	"vietnamese":              {"vietnamese", 0.6},
	"afghan-iranian":          {"afghan-iranian", 0.8},
	"turkish":                 {"turkish", 0.7},
	"polish":                  {"polish", 0.8},
	"romanian":                {"romanian", 0.8},
	"roma":                    {"romanian", 0.6},
	"albanian":                {"albanian", 0.7},
	"european":                {"european", 0.6},
}
