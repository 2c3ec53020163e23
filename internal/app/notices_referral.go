package app

import (
	"context"
	"database/sql"

	"mace/internal/platform/notify"
	"mace/internal/referral"
)

// referralNotifier tells a referrer what happened to their referral: a
// notice in the service, and an email when email is set up. Both are
// written in the decision's transaction, so the referrer hears of a
// decision if and only if it is saved.
type referralNotifier struct {
	svc *services
}

func (n referralNotifier) NotifyTx(ctx context.Context, tx *sql.Tx, m referral.Notice) error {
	if err := n.svc.Notices.AddTx(ctx, tx, notify.Notice{UserID: m.UserID, Title: m.Title, Body: m.Body, Link: m.Link}); err != nil {
		return err
	}
	if m.Email == "" {
		return nil
	}
	text := m.Body + "\n\nSign in to mace to see it"
	if n.svc.PublicURL != "" {
		text += ": " + n.svc.PublicURL + m.Link
	}
	text += ".\n\nThis message was sent by mace, the multi-agency child exploitation service. Please do not reply to it."
	return n.svc.Mail.QueueTx(ctx, tx, notify.Email{To: []string{m.Email}, Subject: m.Title, Text: text})
}
