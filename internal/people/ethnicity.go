package people

// Ethnicity is one ethnic group category from the 2021 census of England and
// Wales. Code is short, stable and safe to store; Label and Group are the
// words the Office for National Statistics uses.
type Ethnicity struct {
	Code  string
	Label string
	Group string
}

// String gives the group and the label together, as in
// "Asian, Asian British or Asian Welsh: Pakistani".
func (e Ethnicity) String() string {
	if e.Group == "" || e.Group == e.Label {
		return e.Label
	}
	return e.Group + ": " + e.Label
}

// The high-level ethnic groups of the 2021 census of England and Wales, and
// the group given to "not stated".
const (
	EthnicGroupAsian     = "Asian, Asian British or Asian Welsh"
	EthnicGroupBlack     = "Black, Black British, Black Welsh, Caribbean or African"
	EthnicGroupMixed     = "Mixed or Multiple ethnic groups"
	EthnicGroupWhite     = "White"
	EthnicGroupOther     = "Other ethnic group"
	EthnicGroupNotStated = "Not stated"
)

// EthnicityNotStated is the code for a person whose ethnicity is not known or
// who prefers not to say.
const EthnicityNotStated = "not-stated"

// EthnicGroups lists the five high-level groups in the order the census
// publishes them.
var EthnicGroups = []string{
	EthnicGroupAsian,
	EthnicGroupBlack,
	EthnicGroupMixed,
	EthnicGroupWhite,
	EthnicGroupOther,
}

// Ethnicities lists the 19 categories of the 2021 census of England and
// Wales, in the order the census publishes them, followed by "not stated".
var Ethnicities = []Ethnicity{
	{"asian-bangladeshi", "Bangladeshi", EthnicGroupAsian},
	{"asian-chinese", "Chinese", EthnicGroupAsian},
	{"asian-indian", "Indian", EthnicGroupAsian},
	{"asian-pakistani", "Pakistani", EthnicGroupAsian},
	{"asian-other", "Other Asian", EthnicGroupAsian},
	{"black-african", "African", EthnicGroupBlack},
	{"black-caribbean", "Caribbean", EthnicGroupBlack},
	{"black-other", "Other Black", EthnicGroupBlack},
	{"mixed-white-asian", "White and Asian", EthnicGroupMixed},
	{"mixed-white-black-african", "White and Black African", EthnicGroupMixed},
	{"mixed-white-black-caribbean", "White and Black Caribbean", EthnicGroupMixed},
	{"mixed-other", "Other Mixed or Multiple ethnic groups", EthnicGroupMixed},
	{"white-british", "English, Welsh, Scottish, Northern Irish or British", EthnicGroupWhite},
	{"white-irish", "Irish", EthnicGroupWhite},
	{"white-gypsy-irish-traveller", "Gypsy or Irish Traveller", EthnicGroupWhite},
	{"white-roma", "Roma", EthnicGroupWhite},
	{"white-other", "Other White", EthnicGroupWhite},
	{"other-arab", "Arab", EthnicGroupOther},
	{"other-any", "Any other ethnic group", EthnicGroupOther},
	{EthnicityNotStated, "Not stated / prefers not to say", EthnicGroupNotStated},
}

// EthnicityShares2021 gives each category's approximate share, in percent,
// of the usual residents of England and Wales in the 2021 census (ONS table
// TS021), rounded to one decimal place. The census imputes missing answers,
// so "not stated" has no share. The shares add up to 100.
var EthnicityShares2021 = map[string]float64{
	"asian-bangladeshi":           1.1,
	"asian-chinese":               0.7,
	"asian-indian":                3.1,
	"asian-pakistani":             2.7,
	"asian-other":                 1.6,
	"black-african":               2.5,
	"black-caribbean":             1.0,
	"black-other":                 0.5,
	"mixed-white-asian":           0.8,
	"mixed-white-black-african":   0.4,
	"mixed-white-black-caribbean": 0.8,
	"mixed-other":                 0.8,
	"white-british":               74.4,
	"white-irish":                 0.9,
	"white-gypsy-irish-traveller": 0.1,
	"white-roma":                  0.2,
	"white-other":                 6.2,
	"other-arab":                  0.6,
	"other-any":                   1.6,
	EthnicityNotStated:            0,
}

// EthnicityByCode finds a category by its code.
func EthnicityByCode(code string) (Ethnicity, bool) {
	for _, e := range Ethnicities {
		if e.Code == code {
			return e, true
		}
	}
	return Ethnicity{}, false
}
