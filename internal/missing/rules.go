package missing

import (
	"context"
	"database/sql"
	"fmt"
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

// changedFields names the fields that differ, never their values.
func changedFields(a, b Input) []string {
	var out []string
	add := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	end := func(in Input) time.Time {
		if in.EndAt == nil {
			return time.Time{}
		}
		return *in.EndAt
	}
	add("type", a.Type == b.Type)
	add("start", a.StartAt.Equal(b.StartAt))
	add("end", end(a).Equal(end(b)))
	add("who reported it", a.ReportedBy == b.ReportedBy)
	add("police force", a.PoliceOrgID == b.PoliceOrgID)
	add("police reference", a.PoliceReference == b.PoliceReference)
	add("risk grading", a.RiskGrading == b.RiskGrading)
	add("where found", a.FoundPlace == b.FoundPlace)
	add("who they were with", fmt.Sprint(a.FoundWith) == fmt.Sprint(b.FoundWith))
	add("looked after", a.LookedAfter == b.LookedAfter)
	return out
}
