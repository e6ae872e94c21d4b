package store

import (
	"bytes"
	"slices"
	"time"
)

// Account is a person's identity on a channel, bound to a roster phone.
// The store owns this type, so its JSON names are the on-disk layout.
type Account struct {
	Channel     string    `json:"channel"`
	UserID      string    `json:"user"`
	Chat        string    `json:"chat"` // the private chat to write to
	Phone       string    `json:"phone"`
	Lang        string    `json:"lang,omitempty"`
	Bound       time.Time `json:"bound"`                 // filled in by BindAccount if zero
	Unreachable bool      `json:"unreachable,omitempty"` // the person blocked the bot
	// Menu is the channel's name for the command menu it last set for
	// this chat alone; "" when none is, so the channel's default applies.
	Menu string `json:"menu,omitempty"`
}

// Account returns the binding of a channel user.
func (tx *Tx) Account(channel, userID string) (Account, bool, error) {
	var a Account
	ok, err := get(tx.tx.Bucket(bucketAccounts), join(channel, userID), &a)
	return a, ok, err
}

// BindAccount binds a channel user to a phone, replacing an earlier binding
// of that user id (and its entry in the phone index).
func (tx *Tx) BindAccount(a Account) error {
	if err := checkParts("account", a.Channel, a.UserID, a.Phone); err != nil {
		return err
	}
	if old, ok, err := tx.Account(a.Channel, a.UserID); err != nil {
		return err
	} else if ok {
		if err := tx.tx.Bucket(bucketAccountsBy).Delete(join(old.Phone, old.Channel, old.UserID)); err != nil {
			return err
		}
		a.Menu = old.Menu // the channel still shows the chat that menu
	}
	if a.Bound.IsZero() {
		a.Bound = tx.now
	}
	if err := put(tx.tx.Bucket(bucketAccounts), join(a.Channel, a.UserID), a); err != nil {
		return err
	}
	return tx.tx.Bucket(bucketAccountsBy).Put(join(a.Phone, a.Channel, a.UserID), []byte{})
}

// UnbindAccount removes a channel user's binding (and its entry in the
// phone index): their next message is a stranger's. Unknown users are
// ignored.
func (tx *Tx) UnbindAccount(channel, userID string) error {
	a, ok, err := tx.Account(channel, userID)
	if err != nil || !ok {
		return err
	}
	if err := tx.tx.Bucket(bucketAccountsBy).Delete(join(a.Phone, a.Channel, a.UserID)); err != nil {
		return err
	}
	return tx.tx.Bucket(bucketAccounts).Delete(join(channel, userID))
}

// AccountsOf returns every account bound to a phone, on any channel, ordered
// by channel and user id: where to reach a person.
func (tx *Tx) AccountsOf(phone string) ([]Account, error) {
	var out []Account
	p := prefix(phone)
	c := tx.tx.Bucket(bucketAccountsBy).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		channel, user, ok := bytes.Cut(k[len(p):], []byte{0})
		if !ok {
			continue
		}
		a, ok, err := tx.Account(string(channel), string(user))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// ChannelsOf lists the channels a phone has accounts on, in the order of
// AccountsOf, once each: where a person can be written to. It reads the
// index alone, without decoding the accounts (a read of every step).
func (tx *Tx) ChannelsOf(phone string) ([]string, error) {
	var out []string
	p := prefix(phone)
	accounts := tx.tx.Bucket(bucketAccounts)
	c := tx.tx.Bucket(bucketAccountsBy).Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		key := k[len(p):] // channel\x00user, the account's own key
		channel, _, ok := bytes.Cut(key, []byte{0})
		if !ok || accounts.Get(key) == nil {
			continue // as AccountsOf skips it
		}
		if !slices.Contains(out, string(channel)) {
			out = append(out, string(channel))
		}
	}
	return out, nil
}

// SetUnreachable records whether a person has blocked the bot, so scheduled
// messages skip them. Unknown users are ignored.
func (tx *Tx) SetUnreachable(channel, userID string, unreachable bool) error {
	a, ok, err := tx.Account(channel, userID)
	if err != nil || !ok || a.Unreachable == unreachable {
		return err
	}
	a.Unreachable = unreachable
	return put(tx.tx.Bucket(bucketAccounts), join(channel, userID), a)
}

// SetMenu records which command menu the channel now shows a user's chat
// ("" for the default). Unknown users are ignored.
func (tx *Tx) SetMenu(channel, userID, menu string) error {
	a, ok, err := tx.Account(channel, userID)
	if err != nil || !ok || a.Menu == menu {
		return err
	}
	a.Menu = menu
	return put(tx.tx.Bucket(bucketAccounts), join(channel, userID), a)
}

// Accounts lists every bound account, ordered by channel and user id.
func (db *DB) Accounts() ([]Account, error) {
	var out []Account
	err := db.View(func(tx *Tx) error {
		return tx.tx.Bucket(bucketAccounts).ForEach(func(_, v []byte) error {
			var a Account
			if err := decode(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// LinkedPhone is the phone a channel's user is linked to, if any: a
// quick read for deciding, before anything else, how much an update may
// cost.
func (db *DB) LinkedPhone(channel, userID string) (string, bool, error) {
	var a struct {
		Phone string `json:"phone"` // Account's; the rest is skipped, not decoded
	}
	var ok bool
	err := db.View(func(tx *Tx) error {
		var err error
		ok, err = get(tx.tx.Bucket(bucketAccounts), join(channel, userID), &a)
		return err
	})
	return a.Phone, ok, err
}
