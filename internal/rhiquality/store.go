package rhiquality

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

// The SQL of the quality audit of return interviews.

func listStandards(ctx context.Context, q db.Querier) ([]Standard, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, statement, guidance, check_kind, position, retired_at, created_at
		FROM rhi_standards ORDER BY position, code`)
	if err != nil {
		return nil, fmt.Errorf("reading the audit standards: %w", err)
	}
	defer rows.Close()
	out := []Standard{}
	for rows.Next() {
		var s Standard
		if err := rows.Scan(&s.Code, &s.Statement, &s.Guidance, &s.Check, &s.Position, db.ScanTime(&s.RetiredAt),
			db.ScanTime(&s.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func insertStandard(ctx context.Context, tx *sql.Tx, s *Standard) error {
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM rhi_standards").Scan(&s.Position); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO rhi_standards (code, statement, guidance, check_kind, position, created_at)
		VALUES ($1, $2, $3, '', $4, $5)`, s.Code, s.Statement, s.Guidance, s.Position, db.Time(s.CreatedAt))
	return err
}

// retireStandard retires a standard still in use and reports whether it did.
func retireStandard(ctx context.Context, tx *sql.Tx, code string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, "UPDATE rhi_standards SET retired_at = $1 WHERE code = $2 AND retired_at IS NULL",
		db.Time(now), code)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// loadAudit reads the audit of an episode's interview, or nil when there is
// none.
func loadAudit(ctx context.Context, q db.Querier, episodeID string) (*Audit, error) {
	var a Audit
	var on string
	err := q.QueryRowContext(ctx, `SELECT id, episode_id, person_id, authority_id, service, month, overall_comment,
		auditor_id, auditor_name, audited_on, created_at, updated_at, version FROM rhi_audits WHERE episode_id = $1`,
		episodeID).Scan(&a.ID, &a.EpisodeID, &a.PersonID, &a.AuthorityID, &a.Service, &a.Month, &a.OverallComment,
		&a.AuditorID, &a.AuditorName, &on, db.ScanTime(&a.CreatedAt), db.ScanTime(&a.UpdatedAt), &a.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading an audit: %w", err)
	}
	if a.AuditedOn, err = civil.Parse(on); err != nil {
		return nil, fmt.Errorf("reading an audit's date: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT s.standard_code, st.statement, s.score, s.suggested, s.comment
		FROM rhi_audit_scores s JOIN rhi_standards st ON st.code = s.standard_code
		WHERE s.audit_id = $1 ORDER BY st.position, st.code`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("reading an audit's scores: %w", err)
	}
	defer rows.Close()
	a.Scores = []Score{}
	for rows.Next() {
		var s Score
		if err := rows.Scan(&s.Code, &s.Statement, &s.Score, &s.Suggested, &s.Comment); err != nil {
			return nil, err
		}
		a.Scores = append(a.Scores, s)
	}
	return &a, rows.Err()
}

// saveAudit inserts or replaces an audit and its scores. version is the
// stored audit's (0 when there is none); one that moved on is a conflict.
func saveAudit(ctx context.Context, tx *sql.Tx, a *Audit, version int) error {
	if version == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rhi_audits (id, episode_id, person_id, authority_id, service,
			service_key, month, overall_comment, auditor_id, auditor_name, audited_on, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)`, a.ID, a.EpisodeID, a.PersonID,
			a.AuthorityID, a.Service, serviceKey(a.Service), a.Month, a.OverallComment, a.AuditorID, a.AuditorName,
			a.AuditedOn.String(), db.Time(a.CreatedAt), db.Time(a.UpdatedAt)); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE rhi_audits SET overall_comment = $1, auditor_id = $2,
			auditor_name = $3, audited_on = $4, updated_at = $5, version = version + 1
			WHERE id = $6 AND version = $7`, a.OverallComment, a.AuditorID, a.AuditorName, a.AuditedOn.String(),
			db.Time(a.UpdatedAt), a.ID, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, missing.ErrStale)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM rhi_audit_scores WHERE audit_id = $1", a.ID); err != nil {
		return err
	}
	for _, s := range a.Scores {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rhi_audit_scores (audit_id, standard_code, score, suggested, comment)
			VALUES ($1, $2, $3, $4, $5)`, a.ID, s.Code, s.Score, s.Suggested, s.Comment); err != nil {
			return err
		}
	}
	return nil
}

// auditIDs are the ids of the audits of the episodes' interviews, by
// episode.
func auditIDs(ctx context.Context, q db.Querier, episodeIDs []string) (map[string]string, error) {
	out := map[string]string{}
	err := db.Chunks(db.Distinct(episodeIDs), func(part []string) error {
		var a db.Args
		rows, err := q.QueryContext(ctx, "SELECT episode_id, id FROM rhi_audits WHERE episode_id IN "+a.In(part), a...)
		if err != nil {
			return fmt.Errorf("reading audits: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ep, id string
			if err := rows.Scan(&ep, &id); err != nil {
				return err
			}
			out[ep] = id
		}
		return rows.Err()
	})
	return out, err
}

// scoreRow is one score of one audit, for summaries.
type scoreRow struct {
	AuditID, Service, Month, Code, Score string
}

// scoreFilter chooses the audits auditScores reads.
type scoreFilter struct {
	From, To   string // months, YYYY-MM, inclusive
	ServiceKey string // when set, only that service's audits
	People     missing.PeopleCond
}

// auditScores lists the scores of the audits f chooses.
func auditScores(ctx context.Context, q db.Querier, f scoreFilter) ([]scoreRow, error) {
	var a db.Args
	where := fmt.Sprintf("qa.month >= %s AND qa.month <= %s", a.Add(f.From), a.Add(f.To))
	if f.ServiceKey != "" {
		where += " AND qa.service_key = " + a.Add(f.ServiceKey)
	}
	where += " AND " + f.People(&a, "qa.person_id")
	rows, err := q.QueryContext(ctx, `SELECT qa.id, qa.service, qa.month, COALESCE(s.standard_code, ''),
		COALESCE(s.score, '') FROM rhi_audits qa
		LEFT JOIN rhi_audit_scores s ON s.audit_id = qa.id WHERE `+where+" ORDER BY qa.month, qa.id", a...)
	if err != nil {
		return nil, fmt.Errorf("reading audit scores: %w", err)
	}
	defer rows.Close()
	var out []scoreRow
	for rows.Next() {
		var r scoreRow
		if err := rows.Scan(&r.AuditID, &r.Service, &r.Month, &r.Code, &r.Score); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
