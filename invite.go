package fieldbot

import (
	"crypto/rand"
	"strings"
	"time"
)

// inviteAlphabet leaves out 0/O and 1/I, which people misread when a code
// is read out over the phone.
const inviteAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// InviteValidity is how long an invitation code works, however issued.
const InviteValidity = 72 * time.Hour

// MaxInviteValidity caps the validity of any stored invitation, however
// it reached the store (a file dropped by hand included).
const MaxInviteValidity = 7 * 24 * time.Hour

// InviteLen is the number of characters in an invitation code: 32^8 ≈ 10^12
// codes, against a handful of tries per hour.
const InviteLen = 8

// NewInviteCode returns a random code, e.g. "K7PQ2MXA".
func NewInviteCode() string {
	b := make([]byte, InviteLen)
	for i := range b {
		b[i] = inviteAlphabet[randIndex(len(inviteAlphabet))]
	}
	return string(b)
}

func randIndex(n int) int {
	var buf [1]byte
	for {
		_, _ = rand.Read(buf[:])
		if int(buf[0]) < 256-256%n {
			return int(buf[0]) % n
		}
	}
}

// NormalizeInviteCode reads a code as typed ("k7pq-2mxa", "K7PQ 2MXA") and
// reports whether it has the shape of one.
func NormalizeInviteCode(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.TrimSpace(s)))
	if len(s) != InviteLen {
		return "", false
	}
	for _, r := range s {
		if !strings.ContainsRune(inviteAlphabet, r) {
			return "", false
		}
	}
	return s, true
}

// FormatInviteCode shows a code in two groups of four: "K7PQ-2MXA".
func FormatInviteCode(code string) string {
	if len(code) != InviteLen {
		return code
	}
	return code[:4] + "-" + code[4:]
}
