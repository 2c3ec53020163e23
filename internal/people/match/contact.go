package match

import (
	"math"
	"slices"
)

// comparePostcodes weighs the postcodes: the same one (worth more the
// fewer records share it) or the same district.
func comparePostcodes(q, c Person, f Frequencies) []evidence {
	if len(q.Postcodes) == 0 || len(c.Postcodes) == 0 {
		return nil
	}
	for _, pc := range q.Postcodes {
		if slices.Contains(c.Postcodes, pc) {
			return []evidence{{clamp(math.Log2(0.7/f.share(PostcodeFreqKey(pc), priorPostcode)), 2, 10), "same postcode"}}
		}
	}
	for _, pc := range q.Postcodes {
		for _, cp := range c.Postcodes {
			if District(pc) == District(cp) {
				return []evidence{{1.5, "same postcode district (" + District(pc) + ")"}}
			}
		}
	}
	return []evidence{{-1, ""}}
}

// comparePhones weighs the phone numbers.
func comparePhones(q, c Person) []evidence {
	if len(q.Phones) == 0 || len(c.Phones) == 0 {
		return nil
	}
	for _, ph := range q.Phones {
		if slices.Contains(c.Phones, ph) {
			return []evidence{{11, "same phone number"}}
		}
	}
	return []evidence{{-1, ""}}
}
