package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// Notice is a message to one user shown in the service, with a link to
// what it is about. Keep children's names out of titles and bodies: the
// link leads to the record, whose every view is audited.
type Notice struct {
	ID        string
	UserID    string
	Title     string
	Body      string
	Link      string // a path in this service, like /referrals/abc; may be empty
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Unread reports whether the notice has not been marked read.
func (n Notice) Unread() bool { return n.ReadAt.IsZero() }

// Limits on a notice.
const (
	MaxNoticeTitle = 200
	MaxNoticeBody  = 2000
	MaxNoticeLink  = 500
)

// Notices stores and lists notices.
type Notices struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Notices) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// localPath reports whether link is a path on this site (not another
// site's address, nor a script).
func localPath(link string) bool {
	return strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.HasPrefix(link, "/\\") &&
		!strings.ContainsAny(link, " \r\n\t\\")
}

func (n Notice) validate() error {
	switch {
	case !db.ValidID(n.UserID):
		return errs.E(errs.Invalid, "notice: no valid user to tell")
	case strings.TrimSpace(n.Title) == "":
		return errs.E(errs.Invalid, "notice: the title is empty")
	case !utf8.ValidString(n.Title+n.Body+n.Link) || utf8.RuneCountInString(n.Title) > MaxNoticeTitle ||
		utf8.RuneCountInString(n.Body) > MaxNoticeBody || len(n.Link) > MaxNoticeLink:
		return errs.E(errs.Invalid, "notice: the title, body or link is too long or not valid text")
	case n.Link != "" && !localPath(n.Link):
		return errs.E(errs.Invalid, "notice: the link should be a path in this service, starting with /")
	}
	return nil
}

// AddTx stores a new, unread notice inside tx, so that it appears if and
// only if the change it tells of commits. ID and CreatedAt are set here.
func (s *Notices) AddTx(ctx context.Context, tx *sql.Tx, n Notice) error {
	if err := n.validate(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notices (id, user_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		db.NewID(), n.UserID, strings.TrimSpace(n.Title), strings.TrimSpace(n.Body), n.Link, db.Time(s.now()))
	if err != nil {
		return fmt.Errorf("notice: adding: %w", err)
	}
	return nil
}

// ForUser lists a user's notices, unread first, newest first within each,
// at most limit of them (100 when limit is not positive).
func (s *Notices) ForUser(ctx context.Context, userID string, limit int) ([]Notice, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	return s.read(ctx, `WHERE user_id = $1
		ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC
		LIMIT `+fmt.Sprint(limit), userID)
}

// NoticePage is a page of a user's notices, unread first, newest first
// within each; Next is the cursor of the next page, "" on the last.
type NoticePage struct {
	Notices []Notice
	Next    string
	First   bool // the first page
	Limit   int
}

// noticeOrder names the order of a user's notices, for its cursors.
const noticeOrder = "notices"

// Page reads a page of a user's notices: limit of them (page.Default when
// 0, at most page.Max) after the cursor after, the Next of the page before
// ("" for the first page). The unread are read first, then the read, each
// newest first, so each part is read in the order of its index.
func (s *Notices) Page(ctx context.Context, userID, after string, limit int) (NoticePage, error) {
	keys, err := page.Parse(after, noticeOrder, 3)
	if err != nil {
		return NoticePage{}, err
	}
	if keys != nil {
		if _, terr := time.Parse("2006-01-02T15:04:05.000000Z", keys[1]); terr != nil || !db.ValidID(keys[2]) ||
			(keys[0] != "unread" && keys[0] != "read") {
			return NoticePage{}, page.Bad()
		}
	}
	p := NoticePage{First: keys == nil, Limit: page.Size(limit)}
	var ns []Notice
	for _, part := range []string{"unread", "read"} {
		if keys != nil && keys[0] == "read" && part == "unread" {
			continue // the cursor is past the unread
		}
		cond := "read_at IS NULL"
		if part == "read" {
			cond = "read_at IS NOT NULL"
		}
		a := db.Args{userID}
		if keys != nil && keys[0] == part {
			at := a.Add(keys[1])
			cond += " AND (created_at < " + at + " OR (created_at = " + at + " AND id < " + a.Add(keys[2]) + "))"
		}
		more, err := s.read(ctx, "WHERE user_id = $1 AND "+cond+" ORDER BY created_at DESC, id DESC LIMIT "+a.Add(p.Limit+1-len(ns)), a...)
		if err != nil {
			return NoticePage{}, err
		}
		if ns = append(ns, more...); len(ns) > p.Limit {
			break
		}
	}
	p.Notices, p.Next = page.Cut(ns, p.Limit, noticeOrder, func(n Notice) []string {
		part := "read"
		if n.Unread() {
			part = "unread"
		}
		at, _ := db.Time(n.CreatedAt).(string)
		return []string{part, at, n.ID}
	})
	return p, nil
}

// read reads the notices the rest of a query picks.
func (s *Notices) read(ctx context.Context, rest string, args ...any) ([]Notice, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT id, user_id, title, body, link, created_at, read_at FROM notices `+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("notice: listing: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		if err := rows.Scan(&n.ID, &n.UserID, &n.Title, &n.Body, &n.Link, db.ScanTime(&n.CreatedAt), db.ScanTime(&n.ReadAt)); err != nil {
			return nil, fmt.Errorf("notice: listing: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadCount is how many of a user's notices are unread.
func (s *Notices) UnreadCount(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM notices WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("notice: counting: %w", err)
	}
	return n, nil
}

// MarkRead marks one of the user's own notices read. Another user's notice
// is not found, as if it did not exist; marking a read notice again
// changes nothing.
func (s *Notices) MarkRead(ctx context.Context, userID, noticeID string) error {
	if !db.ValidID(noticeID) {
		return errs.E(errs.NotFound, "There is no such notice")
	}
	var n int
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notices WHERE id = $1 AND user_id = $2`, noticeID, userID).Scan(&n); err != nil || n == 0 {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE notices SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL`,
			db.Time(s.now()), noticeID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("notice: marking read: %w", err)
	}
	if n == 0 {
		return errs.E(errs.NotFound, "There is no such notice")
	}
	return nil
}
