package store

import (
	"bytes"
	"time"
)

// Account is a person's identity on a channel, bound to a roster phone.
type Account struct {
	Channel     string    `json:"channel"`
	UserID      string    `json:"user"`
	Chat        string    `json:"chat"` // the private chat to write to
	Phone       string    `json:"phone"`
	Lang        string    `json:"lang,omitempty"`
	Bound       time.Time `json:"bound"`
	Unreachable bool      `json:"unreachable,omitempty"` // the person blocked the bot
}

// Account returns the binding of a channel user.
func (tx *Tx) Account(channel, userID string) (Account, bool, error) {
	var a Account
	ok, err := get(tx.tx.Bucket(bucketAccounts), join(channel, userID), &a)
	return a, ok, err
}

// BindAccount binds a channel user to a phone, replacing an earlier binding.
func (tx *Tx) BindAccount(a Account) error {
	if old, ok, err := tx.Account(a.Channel, a.UserID); err != nil {
		return err
	} else if ok {
		if err := tx.tx.Bucket(bucketAccountsBy).Delete(join(old.Phone, old.Channel, old.UserID)); err != nil {
			return err
		}
	}
	if err := put(tx.tx.Bucket(bucketAccounts), join(a.Channel, a.UserID), a); err != nil {
		return err
	}
	return tx.tx.Bucket(bucketAccountsBy).Put(join(a.Phone, a.Channel, a.UserID), []byte{})
}

// AccountsOf returns every account bound to a phone.
func (tx *Tx) AccountsOf(phone string) ([]Account, error) {
	var out []Account
	prefix := append(join(phone), 0)
	c := tx.tx.Bucket(bucketAccountsBy).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		parts := bytes.SplitN(k[len(prefix):], []byte{0}, 2)
		if len(parts) != 2 {
			continue
		}
		a, ok, err := tx.Account(string(parts[0]), string(parts[1]))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// SetUnreachable records whether a person has blocked the bot.
func (tx *Tx) SetUnreachable(channel, userID string, unreachable bool) error {
	a, ok, err := tx.Account(channel, userID)
	if err != nil || !ok || a.Unreachable == unreachable {
		return err
	}
	a.Unreachable = unreachable
	return put(tx.tx.Bucket(bucketAccounts), join(channel, userID), a)
}

// Accounts lists every bound account.
func (db *DB) Accounts() ([]Account, error) {
	var out []Account
	err := db.View(func(tx *Tx) error {
		return tx.tx.Bucket(bucketAccounts).ForEach(func(_, v []byte) error {
			var a Account
			if err := jsonUnmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}
