package app

import (
	"context"
	"database/sql"
	"net/mail"

	"mace/internal/platform/notify"
)

// meetingMail sends meetings' invitations through the outbox, with links
// to the service's public address. It reads both when used, as serve sets
// them after the services are made.
type meetingMail struct{ svc *services }

func (m meetingMail) QueueTx(ctx context.Context, tx *sql.Tx, e notify.Email) error {
	return m.svc.Mail.QueueTx(ctx, tx, e)
}

func (m meetingMail) Sender() string {
	if !m.svc.Mail.Enabled() {
		return ""
	}
	a, err := mail.ParseAddress(m.svc.Mail.SMTP.From)
	if err != nil {
		return ""
	}
	return a.Address
}

func (m meetingMail) Link(path string) string {
	if m.svc.PublicURL == "" {
		return ""
	}
	return m.svc.PublicURL + path
}
