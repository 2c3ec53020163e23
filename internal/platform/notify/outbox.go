package notify

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"mace/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables: the email outbox and notices.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// Outbox defaults.
const (
	DefaultMaxAttempts = 10
	DefaultLease       = 5 * time.Minute
	// Retain is how long a sent or abandoned message's row is kept (its
	// body is cleared as soon as it is sent).
	Retain = 30 * 24 * time.Hour
	batch  = 50
)

// Outbox queues email in the caller's transaction and delivers it later,
// so that an email goes out if and only if the change that caused it
// commits. Several servers may deliver from one database at once: each
// message is claimed with a lease before it is sent.
type Outbox struct {
	DB *db.DB
	// SMTP is the mail server; nil when email is not configured.
	SMTP *SMTP
	Now  func() time.Time
	Log  *slog.Logger
	// MaxAttempts is how many times a message is tried before it is
	// abandoned (DefaultMaxAttempts when zero).
	MaxAttempts int
	// Lease is how long a server may take over one message before
	// another may claim it (DefaultLease when zero, and never less than
	// twice the SMTP timeout and a minute).
	Lease time.Duration
}

// Enabled reports whether email is configured.
func (o *Outbox) Enabled() bool { return o != nil && o.SMTP != nil }

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Outbox) log() *slog.Logger {
	if o.Log != nil {
		return o.Log
	}
	return slog.New(slog.DiscardHandler)
}

// QueueTx checks m and stores it in the outbox inside tx, to be sent once
// tx commits. When email is not configured it still checks m (so a feature's
// mistakes show in tests without a mail server) but stores nothing and
// returns nil: features call it unconditionally. An invalid email is an
// errs.Invalid error (wrapping ErrHeaderInjection for a line break in a
// header) that names no address.
func (o *Outbox) QueueTx(ctx context.Context, tx *sql.Tx, m Email) error {
	to, err := m.validate()
	if err != nil {
		return err
	}
	if !o.Enabled() {
		return nil
	}
	from, err := mail.ParseAddress(o.SMTP.From)
	if err != nil {
		return fmt.Errorf("email: the sender address is not valid: %w", err)
	}
	id := db.NewID()
	now := o.now()
	msg, err := build(from, to, messageID(id, from.Address), now, m)
	if err != nil {
		return fmt.Errorf("email: building the message: %w", err)
	}
	var rcpt []string
	for _, a := range to {
		rcpt = append(rcpt, a.Address)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO email_outbox (id, sender, recipients, message, created_at, due_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, from.Address, strings.Join(rcpt, "\n"), string(msg), db.Time(now), db.Time(now))
	if err != nil {
		return fmt.Errorf("email: queueing: %w", err)
	}
	return nil
}

// messageID is the stable Message-ID of an outbox row: the same on every
// attempt, so a receiver can drop a copy sent twice.
func messageID(id, from string) string {
	domain := "mace.invalid"
	if i := strings.LastIndex(from, "@"); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	return "<" + id + "@" + domain + ">"
}

// backoff is the wait before attempt n+1 after n failed attempts: 30
// seconds, doubling, at most an hour.
func backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Deliver sends the messages that are due, each claimed first so that no
// other server sends it too, and reports how many it sent. A message the
// server refuses is tried again later (with a growing wait) and abandoned
// after MaxAttempts, or at once when the refusal is permanent; the reason
// is kept on its row. The error is for the database alone. Nothing about a
// message but its id goes in the log. Deliver does nothing when email is
// not configured.
func (o *Outbox) Deliver(ctx context.Context) (sent int, err error) {
	if !o.Enabled() {
		return 0, nil
	}
	if err := o.purge(ctx); err != nil {
		return 0, err
	}
	now := o.now()
	rows, err := o.DB.Read().QueryContext(ctx, `SELECT id FROM email_outbox
		WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
		ORDER BY due_at LIMIT `+fmt.Sprint(batch), db.Time(now))
	if err != nil {
		return 0, fmt.Errorf("email: finding messages due: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		ok, err := o.deliverOne(ctx, id)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

type claimed struct {
	token, sender, recipients, message string
	attempts                           int
}

// claim takes the lease on message id, unless it is sent, abandoned or
// leased to another server. The condition is checked by the UPDATE itself,
// so of two servers claiming at once exactly one succeeds (PostgreSQL
// re-checks the row after the other's update commits; SQLite has one
// writer).
func (o *Outbox) claim(ctx context.Context, id string) (*claimed, error) {
	now := o.now()
	lease := o.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	// Connecting and the conversation have a timeout each: a lease
	// shorter than both could run out while the message is being sent.
	lease = max(lease, 2*o.SMTP.timeout()+time.Minute)
	c := &claimed{token: db.NewID()}
	res, err := o.DB.Write().ExecContext(ctx, `UPDATE email_outbox SET lease_until = $1, lease_token = $2, attempts = attempts + 1
		WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL AND due_at <= $4 AND (lease_until IS NULL OR lease_until < $4)`,
		db.Time(now.Add(lease)), c.token, id, db.Time(now))
	if err != nil {
		return nil, fmt.Errorf("email: claiming a message: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, err
	}
	err = o.DB.Write().QueryRowContext(ctx, `SELECT sender, recipients, message, attempts FROM email_outbox WHERE id = $1 AND lease_token = $2`,
		id, c.token).Scan(&c.sender, &c.recipients, &c.message, &c.attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("email: reading a claimed message: %w", err)
	}
	return c, nil
}

func (o *Outbox) deliverOne(ctx context.Context, id string) (bool, error) {
	c, err := o.claim(ctx, id)
	if err != nil || c == nil {
		return false, err
	}
	// The conversation is not broken off when ctx ends (a shutdown):
	// a message cut off after the server took it would be sent again.
	refused, sendErr := o.SMTP.send(c.sender, strings.Split(c.recipients, "\n"), []byte(c.message))
	// Recording the outcome outlives ctx for the same reason.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	now := o.now()
	if sendErr == nil {
		note := ""
		if refused > 0 {
			note = fmt.Sprintf("the server refused %d of the recipients", refused)
			o.log().Warn("email sent, some recipients refused", "email_id", id, "refused", refused)
		}
		_, err := o.DB.Write().ExecContext(wctx, `UPDATE email_outbox SET sent_at = $1, lease_until = NULL, message = '', last_error = $2
			WHERE id = $3 AND lease_token = $4`, db.Time(now), db.NullText(note), id, c.token)
		if err != nil {
			return false, fmt.Errorf("email: marking a message sent: %w", err)
		}
		o.log().Info("email sent", "email_id", id, "attempt", c.attempts)
		return true, nil
	}
	var se *sendError
	summary, permanent := sendErr.Error(), false
	if errors.As(sendErr, &se) {
		summary, permanent = se.Summary(), se.Permanent()
	}
	max := o.MaxAttempts
	if max <= 0 {
		max = DefaultMaxAttempts
	}
	if permanent || c.attempts >= max {
		_, err = o.DB.Write().ExecContext(wctx, `UPDATE email_outbox SET failed_at = $1, lease_until = NULL, last_error = $2
			WHERE id = $3 AND lease_token = $4`, db.Time(now), sendErr.Error(), id, c.token)
		o.log().Error("email abandoned", "email_id", id, "attempt", c.attempts, "reason", summary)
	} else {
		_, err = o.DB.Write().ExecContext(wctx, `UPDATE email_outbox SET due_at = $1, lease_until = NULL, last_error = $2
			WHERE id = $3 AND lease_token = $4`, db.Time(now.Add(backoff(c.attempts))), sendErr.Error(), id, c.token)
		o.log().Warn("email not sent, will try again", "email_id", id, "attempt", c.attempts, "reason", summary)
	}
	if err != nil {
		return false, fmt.Errorf("email: recording a failed attempt: %w", err)
	}
	return false, nil
}

// purge deletes the rows of messages sent or abandoned longer than Retain
// ago.
func (o *Outbox) purge(ctx context.Context) error {
	before := db.Time(o.now().Add(-Retain))
	_, err := o.DB.Write().ExecContext(ctx, `DELETE FROM email_outbox WHERE (sent_at IS NOT NULL AND sent_at < $1)
		OR (failed_at IS NOT NULL AND failed_at < $1)`, before)
	if err != nil {
		return fmt.Errorf("email: deleting old messages: %w", err)
	}
	return nil
}

// Run delivers the outbox every interval until ctx ends, and returns when
// the delivery in progress has finished.
func (o *Outbox) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := o.Deliver(ctx); err != nil && ctx.Err() == nil {
			o.log().Warn("delivering email", "err", err)
		} else if n > 0 {
			o.log().Debug("delivered email", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
