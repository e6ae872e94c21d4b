package store

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/fieldbot/fieldbot"
)

// Invite is a one-time code that binds whoever sends it to a roster
// phone: the way in on a channel that never shows a phone number. Only
// the code's hash is stored.
type Invite struct {
	Phone    string    `json:"phone"`
	IssuedBy string    `json:"issued_by"`
	Issued   time.Time `json:"issued"`
	Expires  time.Time `json:"expires"`
	UsedAt   time.Time `json:"used_at,omitzero"`
	UsedBy   string    `json:"used_by,omitempty"` // channel:user
}

// InviteHash is what is stored of a code.
func InviteHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

func inviteKey(code string) []byte { return []byte(InviteHash(code)) }

// PutInvite stores an invitation under the hash of its code.
func (tx *Tx) PutInvite(code string, inv Invite) error {
	return tx.PutInviteHash(InviteHash(code), inv)
}

// PutInviteHash stores an invitation under a hash made by InviteHash (by
// a process that could not open the database itself).
func (tx *Tx) PutInviteHash(hash string, inv Invite) error {
	if err := checkParts("invite", hash, inv.Phone); err != nil {
		return err
	}
	if len(hash) != 64 {
		return fieldbot.Errorf(fieldbot.EINVALID, "invite: %q is not a hash", hash)
	}
	if inv.Issued.IsZero() {
		inv.Issued = tx.now
	}
	return put(tx.tx.Bucket(bucketInvites), []byte(hash), inv)
}

// RedeemInvite uses up a code: it returns the invitation if the code
// exists, is unused and has not expired at now, and marks it used by who.
func (tx *Tx) RedeemInvite(code, who string, now time.Time) (Invite, bool, error) {
	b := tx.tx.Bucket(bucketInvites)
	var inv Invite
	ok, err := get(b, inviteKey(code), &inv)
	if err != nil || !ok || !inv.UsedAt.IsZero() || !now.Before(inv.Expires) {
		return Invite{}, false, err
	}
	inv.UsedAt, inv.UsedBy = now, who
	return inv, true, put(b, inviteKey(code), inv)
}

// attempts counts a channel user's failed codes in the current window.
type attempts struct {
	Count int       `json:"count"`
	Since time.Time `json:"since"`
}

// FailedAttempts is how many wrong codes a channel user sent within window
// of now.
func (tx *Tx) FailedAttempts(channel, user string, now time.Time, window time.Duration) (int, error) {
	var a attempts
	if _, err := get(tx.tx.Bucket(bucketAttempts), join(channel, user), &a); err != nil {
		return 0, err
	}
	if now.Sub(a.Since) >= window {
		return 0, nil
	}
	return a.Count, nil
}

// FailedAttempt records one wrong code.
func (tx *Tx) FailedAttempt(channel, user string, now time.Time, window time.Duration) error {
	if err := checkParts("attempt", channel, user); err != nil {
		return err
	}
	b := tx.tx.Bucket(bucketAttempts)
	var a attempts
	if _, err := get(b, join(channel, user), &a); err != nil {
		return err
	}
	if now.Sub(a.Since) >= window {
		a = attempts{Since: now}
	}
	a.Count++
	return put(b, join(channel, user), a)
}
