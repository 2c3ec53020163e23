package missing

import (
	"context"
	"database/sql"
	"fmt"
	"mace/internal/platform/audit"
	"time"
)

// The rules an episode's change must pass against the database, and what a
// change applies and names on the audit trail.

// checkRules applies the rules that need the database: episodes of one
// young person do not overlap, and a police reference is its force's only.
// It first takes the young person's lock, held to the end of tx.
func checkRules(ctx context.Context, tx *sql.Tx, e *Episode) error {
	if err := lockPerson(ctx, tx, e.PersonID, e.UpdatedAt); err != nil {
		return err
	}
	q := tx
	if clash, err := overlapping(ctx, q, e.PersonID, e.ID, e.StartAt, e.EndAt); err != nil {
		return err
	} else if clash {
		return ErrOverlap
	}
	if e.PoliceReference != "" {
		id, err := idByReference(ctx, q, e.PoliceOrgID, e.PoliceReference)
		if err != nil {
			return fmt.Errorf("checking the police reference: %w", err)
		}
		if id != "" && id != e.ID {
			return ErrDuplicateReference
		}
	}
	return nil
}

func apply(e *Episode, in Input) {
	e.Type, e.StartAt, e.EndAt = in.Type, in.StartAt, time.Time{}
	if in.EndAt != nil {
		e.EndAt = *in.EndAt
	}
	e.ReportedBy, e.PoliceOrgID, e.PoliceReference = in.ReportedBy, in.PoliceOrgID, in.PoliceReference
	e.RiskGrading, e.FoundPlace, e.FoundWith, e.LookedAfter = in.RiskGrading, in.FoundPlace, in.FoundWith, in.LookedAfter
	if e.FoundWith == nil {
		e.FoundWith = []Associate{}
	}
}

// changes names the fields that differ, never their values.
func changes(a, b Input) audit.Changes {
	var c audit.Changes
	end := func(in Input) time.Time {
		if in.EndAt == nil {
			return time.Time{}
		}
		return *in.EndAt
	}
	c.Field("type", a.Type == b.Type)
	c.Field("start", a.StartAt.Equal(b.StartAt))
	c.Field("end", end(a).Equal(end(b)))
	c.Field("who reported it", a.ReportedBy == b.ReportedBy)
	c.Field("police force", a.PoliceOrgID == b.PoliceOrgID)
	c.Field("police reference", a.PoliceReference == b.PoliceReference)
	c.Field("risk grading", a.RiskGrading == b.RiskGrading)
	c.Field("where found", a.FoundPlace == b.FoundPlace)
	c.Field("who they were with", fmt.Sprint(a.FoundWith) == fmt.Sprint(b.FoundWith))
	c.Field("looked after", a.LookedAfter == b.LookedAfter)
	return c
}
