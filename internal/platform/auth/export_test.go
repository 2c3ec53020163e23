package auth

import "sync/atomic"

// CountPasswordChecks counts the password hashes s checks from now on.
func CountPasswordChecks(s *Service) *atomic.Int64 {
	var n atomic.Int64
	s.checkPassword = func(hash, pw string) bool {
		n.Add(1)
		return CheckPassword(hash, pw)
	}
	return &n
}

// HashToken is what is stored for a session or API token.
func HashToken(token string) string { return hashToken(token) }
