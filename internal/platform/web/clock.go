package web

import "strings"

// ParseClock reads a time of day as typed: "14:30", "2:30pm", "9.15",
// "9am", "0930", "midday". It reports a plain-English problem, naming what
// (like "the time they went missing"), when it is not one.
func ParseClock(s, what string) (hour, minute int, problem string) {
	bad := "Enter " + what + " like 14:30 or 2:30pm"
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if t == "" {
		return 0, 0, "Enter " + what
	}
	if t == "midday" || t == "noon" {
		return 12, 0, ""
	}
	if t == "midnight" {
		return 0, 0, ""
	}
	pm, am := strings.HasSuffix(t, "pm"), strings.HasSuffix(t, "am")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "pm"), "am")
	h, m, found := strings.Cut(strings.ReplaceAll(t, ".", ":"), ":")
	if !found {
		switch len(t) {
		case 1, 2:
			h, m = t, "0"
		case 3, 4:
			h, m = t[:len(t)-2], t[len(t)-2:]
		default:
			return 0, 0, bad
		}
	}
	hour, ok1 := digits(h, 2)
	minute, ok2 := digits(m, 2)
	if !ok1 || !ok2 || minute > 59 || (found && len(m) != 2) {
		return 0, 0, bad
	}
	switch {
	case am || pm:
		if hour < 1 || hour > 12 {
			return 0, 0, bad
		}
		hour %= 12
		if pm {
			hour += 12
		}
	case hour > 23:
		return 0, 0, bad
	}
	return hour, minute, ""
}

// digits reads 1 to max decimal digits.
func digits(s string, max int) (int, bool) {
	if s == "" || len(s) > max {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
