package store

import (
	"path/filepath"
	"time"

	"github.com/fieldbot/fieldbot"
)

// Invite is a one-time code that binds whoever sends it to a roster
// phone: the way in on a channel that never shows a phone number. Only
// the code's keyed hash is stored (see InviteKeyFile).
type Invite struct {
	Phone    string    `json:"phone"`
	IssuedBy string    `json:"issued_by"`
	Issued   time.Time `json:"issued"`
	Expires  time.Time `json:"expires"`
	UsedAt   time.Time `json:"used_at,omitzero"`
	UsedBy   string    `json:"used_by,omitempty"` // channel:user
}

func (tx *Tx) inviteKey() ([]byte, error) {
	return tx.db.inviteKey.get(filepath.Dir(tx.db.path))
}

// PutInvite stores an invitation under the keyed hash of its code.
func (tx *Tx) PutInvite(code string, inv Invite) error {
	key, err := tx.inviteKey()
	if err != nil {
		return err
	}
	return tx.PutInviteHash(InviteHash(key, code), inv)
}

// PutInviteHash stores an invitation under a hash made by InviteHash (by
// a process that could not open the database itself). It never replaces
// a stored invitation (ECONFLICT: re-importing a used code must not make
// it new again) and refuses one valid for longer than
// fieldbot.MaxInviteValidity from now or from its issue (EINVALID).
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
	if !inv.Expires.After(inv.Issued) || inv.Expires.Sub(inv.Issued) > fieldbot.MaxInviteValidity || inv.Expires.After(tx.now.Add(fieldbot.MaxInviteValidity)) {
		return fieldbot.Errorf(fieldbot.EINVALID, "invite: valid from %s to %s; at most %v from now", inv.Issued.Format(time.RFC3339), inv.Expires.Format(time.RFC3339), fieldbot.MaxInviteValidity)
	}
	b := tx.tx.Bucket(bucketInvites)
	if b.Get([]byte(hash)) != nil {
		return fieldbot.Errorf(fieldbot.ECONFLICT, "invite: that code is stored already")
	}
	inv.UsedAt, inv.UsedBy = time.Time{}, ""
	return put(b, []byte(hash), inv)
}

// RedeemInvite uses up a code: it returns the invitation if the code
// exists, is unused and has not expired at now (nor been issued longer
// than fieldbot.MaxInviteValidity ago), and marks it used by who. A code
// stored by an earlier version (plain SHA-256) still works until it
// expires, at most 72 hours after the upgrade: an invitation just handed
// out should not die with it.
func (tx *Tx) RedeemInvite(code, who string, now time.Time) (Invite, bool, error) {
	key, err := tx.inviteKey()
	if err != nil {
		return Invite{}, false, err
	}
	b := tx.tx.Bucket(bucketInvites)
	for _, k := range []string{InviteHash(key, code), legacyInviteHash(code)} {
		var inv Invite
		ok, err := get(b, []byte(k), &inv)
		if err != nil {
			return Invite{}, false, err
		}
		if !ok {
			continue
		}
		if !inv.UsedAt.IsZero() || !now.Before(inv.Expires) || now.Sub(inv.Issued) >= fieldbot.MaxInviteValidity {
			return Invite{}, false, nil
		}
		inv.UsedAt, inv.UsedBy = now, who
		return inv, true, put(b, []byte(k), inv)
	}
	return Invite{}, false, nil
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
