package match

import (
	"fmt"

	"mace/internal/platform/civil"
)

// compareBirth weighs dates of birth, or ages where a date is not known.
func compareBirth(q, c Person) []evidence {
	if !q.DateOfBirth.IsZero() && !c.DateOfBirth.IsZero() {
		return []evidence{compareDates(q.DateOfBirth, c.DateOfBirth)}
	}
	on := q.AgeOn
	if on.IsZero() {
		on = c.AgeOn
	}
	qa, qok := ageOn(q, on)
	ca, cok := ageOn(c, on)
	if !qok || !cok {
		return nil
	}
	switch d := abs(qa - ca); {
	case d <= 1:
		return []evidence{{3, fmt.Sprintf("age fits: about %d", ca)}}
	case d == 2:
		return []evidence{{0, ""}}
	}
	return []evidence{{-5, fmt.Sprintf("age does not fit: about %d", ca)}}
}

// ageOn is a person's age on a date, from their date of birth or an age
// given on another date.
func ageOn(p Person, on civil.Date) (int, bool) {
	switch {
	case on.IsZero():
		return 0, false
	case !p.DateOfBirth.IsZero():
		return p.DateOfBirth.AgeOn(on), true
	case p.AgeYears > 0 && !p.AgeOn.IsZero():
		return p.AgeYears + p.AgeOn.AgeOn(on), true
	}
	return 0, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// compareDates weighs two known dates of birth: the same, or one of the
// mistakes people make writing dates down.
func compareDates(a, b civil.Date) evidence {
	if a == b {
		return evidence{12.5, "same date of birth"}
	}
	if a.Year == b.Year && a.Day == int(b.Month) && int(a.Month) == b.Day {
		return evidence{7, "date of birth with day and month swapped"}
	}
	sa, sb := a.String(), b.String()
	diff, at := 0, -1
	for i := range len(sa) {
		if sa[i] != sb[i] {
			diff++
			if at < 0 {
				at = i
			}
		}
	}
	if diff == 1 {
		return evidence{5, "date of birth differs by one digit"}
	}
	if diff == 2 && at+1 < len(sa) && sa[at] == sb[at+1] && sa[at+1] == sb[at] {
		return evidence{4.5, "date of birth with two digits the wrong way round"}
	}
	if a.Year == b.Year && a.Month == b.Month {
		return evidence{2, "same month and year of birth"}
	}
	if abs(a.Year-b.Year) <= 1 && a.Month == b.Month && a.Day == b.Day {
		return evidence{4, "same birthday, a year apart"}
	}
	return evidence{-6, "different date of birth"}
}
