package people

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"mace/internal/platform/errs"
)

// Merging: two records found to be the same young person become one. The
// kept record gains everything linked to the duplicate and every detail it
// lacked; the duplicate stays as a tombstone pointing at the kept record.
// Each move and addition is recorded so that UndoMerge reverses exactly
// what the merge did.

// Link names a table whose rows refer to a person record: the features
// that keep such rows register them on Service.Links, and a merge moves
// them from the duplicate to the kept record.
type Link struct {
	Table, IDColumn, PersonColumn string
}

var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func (l Link) valid() bool {
	return identRE.MatchString(l.Table) && identRE.MatchString(l.IDColumn) && identRE.MatchString(l.PersonColumn)
}

// CheckLinks makes sure every registered link names a table and columns
// that exist, so that a missing table stops start-up rather than leaving
// rows behind in a merge.
func (s *Service) CheckLinks(ctx context.Context) error {
	for _, l := range s.Links {
		if !l.valid() {
			return fmt.Errorf("people: link %q.%q/%q is not a plain table and column name", l.Table, l.IDColumn, l.PersonColumn)
		}
		rows, err := s.DB.Read().QueryContext(ctx, "SELECT "+l.IDColumn+", "+l.PersonColumn+" FROM "+l.Table+" WHERE 1 = 0")
		if err != nil {
			return fmt.Errorf("people: table %s with columns %s and %s, registered as linked to person records, cannot be read: %w",
				l.Table, l.IDColumn, l.PersonColumn, err)
		}
		rows.Close()
	}
	return nil
}

// Merge is one merge of a duplicate record into a kept record.
type Merge struct {
	ID           string        `json:"id"`
	KeptID       string        `json:"kept_id"`
	DuplicateID  string        `json:"duplicate_id"`
	Reason       string        `json:"reason"`
	MergedBy     string        `json:"merged_by"`
	MergedByName string        `json:"merged_by_name"`
	MergedAt     time.Time     `json:"merged_at"`
	UndoneBy     string        `json:"undone_by,omitempty"`
	UndoneByName string        `json:"undone_by_name,omitempty"`
	UndoneAt     time.Time     `json:"undone_at,omitzero"`
	Changes      []MergeChange `json:"changes"`
	// CanUndo says the signed-in user may undo it now (for the pages).
	CanUndo bool `json:"-"`
}

// Undone reports whether the merge has been undone.
func (m *Merge) Undone() bool { return !m.UndoneAt.IsZero() }

// Kinds of merge change.
const (
	changeRow         = "row"
	changeInvolvement = "involvement"
	changeNamed       = "named"
	changeRestricted  = "restricted"
	changeKnownAs     = "known-as"
	changeAlias       = "alias"
	changePhone       = "phone"
	changeAddress     = "address"
	changeField       = "field"
)

// MergeChange is one thing a merge did. The API shows what and where,
// never the values of details.
type MergeChange struct {
	Kind     string `json:"kind"`
	Table    string `json:"table,omitempty"`
	Column   string `json:"column,omitempty"`
	RowID    string `json:"row_id,omitempty"`
	Value    string `json:"-"`
	OldValue string `json:"-"`
}

// Describe says what the change was in plain words, without personal data
// (organisation and user ids stand for themselves).
func (c MergeChange) Describe() string {
	switch c.Kind {
	case changeRow:
		return "moved " + c.Table + " row " + c.RowID
	case changeInvolvement:
		return "added an organisation involved"
	case changeNamed:
		return "added a person named on the restriction"
	case changeRestricted:
		return "restricted the record"
	case changeKnownAs:
		return "added a known-as name"
	case changeAlias:
		return "added a street name"
	case changePhone:
		return "added a phone number"
	case changeAddress:
		return "added an address"
	case changeField:
		return "filled in " + fieldWords[c.Column]
	}
	return c.Kind
}

// fieldWords names the single details a merge may fill in.
var fieldWords = map[string]string{
	"nhs_number": "NHS number", "upn": "UPN", "date_of_birth": "date of birth", "estimated_age": "estimated age",
	"ethnicity": "ethnicity", "gender": "gender",
}

// MergeRequest asks for a merge. A version, when not zero, must be the
// record's stored version: a merge confirmed from a stale page is refused.
type MergeRequest struct {
	KeepID, DuplicateID string
	Reason              string
	KeepVersion         int
	DuplicateVersion    int
}

// MergedError is the answer for a record that was merged into another.
type MergedError struct {
	ID, MergedInto string
	MergedAt       time.Time
}

func (e *MergedError) Error() string {
	return fmt.Sprintf("This record was merged into record %s: see /api/v1/people/%s", e.MergedInto, e.MergedInto)
}

// mergedError wraps a MergedError as a not-found error whose message
// points to the kept record.
func mergedError(id, into string, at time.Time) error {
	m := &MergedError{ID: id, MergedInto: into, MergedAt: at}
	return &errs.Error{Kind: errs.NotFound, Message: m.Error(), Err: m}
}
