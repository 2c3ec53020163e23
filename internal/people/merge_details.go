package people

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

// What a merge adds to the kept record from the duplicate, and how undoing
// it takes exactly that away again.

// addDetails adds to keep every detail of dup it lacks and returns the
// changes made, or refuses when the two carry different identifiers.
func addDetails(keep, dup *Person) ([]MergeChange, error) {
	var v errs.Validation
	if keep.NHSNumber != "" && dup.NHSNumber != "" && keep.NHSNumber != dup.NHSNumber {
		v.Add("duplicate_id", "These records have different NHS numbers, so they cannot be merged. If one number is wrong, correct it first.")
	}
	if keep.UPN != "" && dup.UPN != "" && keep.UPN != dup.UPN {
		v.Add("duplicate_id", "These records have different unique pupil numbers (UPNs), so they cannot be merged. If one is wrong, correct it first.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []MergeChange
	addName := func(list *[]string, kind, name string) {
		if name == "" || slices.ContainsFunc(*list, func(n string) bool { return nameKey(n) == nameKey(name) }) {
			return
		}
		*list = append(*list, name)
		out = append(out, MergeChange{Kind: kind, Value: name})
	}
	if nameKey(dup.Name()) != nameKey(keep.Name()) {
		addName(&keep.KnownAs, changeKnownAs, dup.Name())
	}
	for _, n := range dup.KnownAs {
		addName(&keep.KnownAs, changeKnownAs, n)
	}
	for _, n := range dup.Aliases {
		addName(&keep.Aliases, changeAlias, n)
	}
	for _, ph := range dup.Phones {
		if !slices.Contains(keep.Phones, ph) {
			keep.Phones = append(keep.Phones, ph)
			out = append(out, MergeChange{Kind: changePhone, Value: ph})
		}
	}
	for _, a := range dup.Addresses {
		if slices.ContainsFunc(keep.Addresses, func(b Address) bool { return sameAddress(a, b) }) {
			continue
		}
		a.Current = false // the kept record's current address stays current
		keep.Addresses = append(keep.Addresses, a)
		out = append(out, MergeChange{Kind: changeAddress, Value: addressValue(a)})
	}
	fill := func(column, has, from string) {
		if has == "" && from != "" {
			out = append(out, MergeChange{Kind: changeField, Column: column, OldValue: has, Value: from})
			setField(keep, column, from)
		}
	}
	fill("nhs_number", keep.NHSNumber, dup.NHSNumber)
	fill("upn", keep.UPN, dup.UPN)
	fill("ethnicity", keep.Ethnicity, dup.Ethnicity)
	if keep.Gender == "not-known" && dup.Gender != "not-known" && dup.Gender != "" {
		out = append(out, MergeChange{Kind: changeField, Column: "gender", OldValue: keep.Gender, Value: dup.Gender})
		keep.Gender = dup.Gender
	}
	if keep.DateOfBirth.IsZero() && !dup.DateOfBirth.IsZero() {
		// A date of birth replaces an estimated age: the estimate is
		// recorded first so undoing puts it back after the date goes.
		if keep.EstimatedAge > 0 {
			out = append(out, MergeChange{Kind: changeField, Column: "estimated_age",
				OldValue: strconv.Itoa(keep.EstimatedAge) + " " + keep.EstimatedOn.String()})
			keep.EstimatedAge, keep.EstimatedOn = 0, civil.Date{}
		}
		fill("date_of_birth", "", dup.DateOfBirth.String())
	}
	return out, nil
}

func sameAddress(a, b Address) bool {
	return nameKey(a.Line) == nameKey(b.Line) && nameKey(a.Town) == nameKey(b.Town) && a.Postcode == b.Postcode
}

func addressValue(a Address) string {
	b, _ := json.Marshal(a)
	return string(b)
}

func field(p *Person, column string) string {
	switch column {
	case "nhs_number":
		return p.NHSNumber
	case "upn":
		return p.UPN
	case "ethnicity":
		return p.Ethnicity
	case "gender":
		return p.Gender
	case "date_of_birth":
		return p.DateOfBirth.String()
	case "estimated_age":
		if p.EstimatedAge == 0 {
			return ""
		}
		return strconv.Itoa(p.EstimatedAge) + " " + p.EstimatedOn.String()
	}
	return ""
}

func setField(p *Person, column, v string) {
	switch column {
	case "nhs_number":
		p.NHSNumber = v
	case "upn":
		p.UPN = v
	case "ethnicity":
		p.Ethnicity = v
	case "gender":
		p.Gender = v
	case "date_of_birth":
		p.DateOfBirth, _ = civil.Parse(v)
	case "estimated_age":
		age, on, _ := strings.Cut(v, " ")
		p.EstimatedAge, _ = strconv.Atoi(age)
		p.EstimatedOn, _ = civil.Parse(on)
	}
}

// removeDetails takes away from keep the details a merge added, newest
// first, except those changed since: it returns how many it left.
func removeDetails(keep *Person, changes []MergeChange) (removed, left int) {
	drop := func(list []string, v string) ([]string, bool) {
		if i := slices.Index(list, v); i >= 0 {
			return slices.Delete(list, i, i+1), true
		}
		return list, false
	}
	for _, c := range slices.Backward(changes) {
		ok := false
		switch c.Kind {
		case changeKnownAs:
			keep.KnownAs, ok = drop(keep.KnownAs, c.Value)
		case changeAlias:
			keep.Aliases, ok = drop(keep.Aliases, c.Value)
		case changePhone:
			keep.Phones, ok = drop(keep.Phones, c.Value)
		case changeAddress:
			var a Address
			_ = json.Unmarshal([]byte(c.Value), &a)
			if i := slices.Index(keep.Addresses, a); i >= 0 {
				keep.Addresses, ok = slices.Delete(keep.Addresses, i, i+1), true
			}
		case changeField:
			if c.Column == "estimated_age" {
				// Put the estimate back only where the date of birth
				// the merge gave has gone again.
				ok = keep.DateOfBirth.IsZero() && keep.EstimatedAge == 0
			} else {
				ok = field(keep, c.Column) == c.Value
			}
			if ok {
				setField(keep, c.Column, c.OldValue)
			}
		default:
			continue
		}
		if ok {
			removed++
		} else {
			left++
		}
	}
	return removed, left
}
