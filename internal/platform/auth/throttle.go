package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Failed sign-ins are kept in the database, not in memory, so that the
// limits hold across several servers. Each row names a key by its SHA-256,
// so the table holds no email or network address.

// failureKeys returns the hashed keys for an account and a network address.
// The address key is "" when the address is unknown, so that callers who
// cannot tell addresses apart do not lock everyone out together.
func failureKeys(email, addr string) (account, address string) {
	account = hashToken("account:" + normaliseEmail(email))
	if addr != "" {
		address = hashToken("address:" + addr)
	}
	return account, address
}

func (s *Service) errTooMany() error {
	return errs.E(errs.TooMany, "There have been too many attempts to sign in to this account. Wait %s, then try again.",
		durationWords(s.FailureWindow))
}

// checkThrottle refuses a sign-in before its password is checked when the
// account or the address has had too many recent failures. The message is
// the same for both, and for accounts that do not exist.
func (s *Service) checkThrottle(ctx context.Context, account, address string) error {
	since := db.Time(s.now().Add(-s.FailureWindow))
	for _, k := range []struct {
		hash string
		max  int
	}{{account, s.MaxFailuresPerAccount}, {address, s.MaxFailuresPerAddress}} {
		if k.hash == "" || k.max <= 0 {
			continue
		}
		var n int
		if err := s.DB.Read().QueryRowContext(ctx,
			"SELECT COUNT(*) FROM signin_failures WHERE key_hash = $1 AND at > $2", k.hash, since).Scan(&n); err != nil {
			return errs.Wrap(err, "counting failed sign-ins")
		}
		if n >= k.max {
			return s.errTooMany()
		}
	}
	return nil
}

// recordFailure notes a failed sign-in against both keys, and prunes their
// rows older than the window while it is there.
func (s *Service) recordFailure(ctx context.Context, account, address string) error {
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, k := range []string{account, address} {
			if k == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM signin_failures WHERE key_hash = $1 AND at <= $2",
				k, db.Time(now.Add(-s.FailureWindow))); err != nil {
				return errs.Wrap(err, "pruning failed sign-ins")
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO signin_failures (key_hash, at) VALUES ($1, $2)",
				k, db.Time(now)); err != nil {
				return errs.Wrap(err, "recording a failed sign-in")
			}
		}
		return nil
	})
}

// clearFailures forgets an account's failures after it signs in. The
// address's failures stay, so one good account cannot reset them.
func clearFailures(ctx context.Context, tx *sql.Tx, account string) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM signin_failures WHERE key_hash = $1", account)
	return errs.Wrap(err, "clearing failed sign-ins")
}

// pruneFailures deletes every failure older than the window.
func (s *Service) pruneFailures(ctx context.Context) error {
	_, err := s.DB.Write().ExecContext(ctx, "DELETE FROM signin_failures WHERE at <= $1",
		db.Time(s.now().Add(-s.FailureWindow)))
	return errs.Wrap(err, "pruning failed sign-ins")
}

// durationWords says a duration in whole hours or minutes: "15 minutes".
func durationWords(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return plural(int64(d/time.Hour), "hour")
	}
	return plural(int64((d+time.Minute-1)/time.Minute), "minute")
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
