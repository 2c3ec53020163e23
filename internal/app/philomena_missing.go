package app

import (
	"context"
	"strings"
	"time"

	"mace/internal/missing"
	"mace/internal/philomena"
	"mace/internal/platform/civil"
)

// philomenaMissing gives a Philomena profile the child's missing history
// from the missing episodes, read (and audited) by the missing feature.
type philomenaMissing struct {
	missing *missing.Service
	now     func() time.Time
}

func (m philomenaMissing) Summary(ctx context.Context, personID string) (philomena.History, error) {
	eps, err := m.missing.ListForPerson(ctx, personID)
	if err != nil {
		return philomena.History{}, err
	}
	h := philomena.History{Episodes: len(eps)}
	// The last 12 calendar months, oldest first, in London.
	now := m.now().In(civil.London)
	first := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, civil.London)
	for i := range 12 {
		d := first.AddDate(0, i, 0)
		h.Months = append(h.Months, philomena.MonthCount{Year: d.Year(), Month: d.Month()})
	}
	for i, e := range eps { // most recent first
		start := e.StartAt.In(civil.London)
		if !start.Before(first) {
			idx := (start.Year()-first.Year())*12 + int(start.Month()) - int(first.Month())
			if idx >= 0 && idx < len(h.Months) {
				h.Months[idx].Count++
			}
		}
		if i == 0 {
			h.LastStart, h.LastEnd = e.StartAt, e.EndAt
			h.LastFound = strings.TrimSpace(strings.Join([]string{e.FoundPlace.Description, e.FoundPlace.Postcode}, " "))
		}
	}
	return h, nil
}
