package store_test

import (
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

// TestLanguageBesideChannel: a person's language and channel are kept side
// by side, each unchanged by the other, and survive a reopen.
func TestLanguageBesideChannel(t *testing.T) {
	db, _ := tempDB(t)
	const phone = "0912345678"
	view(t, db, func(tx *store.Tx) error {
		if l, err := tx.Language(phone); err != nil || l != "" {
			t.Errorf("Language before any choice = %q, %v; want \"\"", l, err)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetPreferred(phone, "zalo"); err != nil {
			return err
		}
		return tx.SetLanguage(phone, "en")
	})
	db = reopen(t, db)
	view(t, db, func(tx *store.Tx) error {
		l, _ := tx.Language(phone)
		c, _ := tx.Preferred(phone)
		if l != "en" || c != "zalo" {
			t.Errorf("after reopen: language %q, channel %q; want en, zalo", l, c)
		}
		if other, _ := tx.Language("0987654321"); other != "" {
			t.Errorf("someone else's language = %q", other)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error { return tx.SetPreferred(phone, "") })
	view(t, db, func(tx *store.Tx) error {
		if l, _ := tx.Language(phone); l != "en" {
			t.Errorf("clearing the channel changed the language to %q", l)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error { return tx.SetLanguage(phone, "") })
	view(t, db, func(tx *store.Tx) error {
		if l, _ := tx.Language(phone); l != "" {
			t.Errorf("forgotten language = %q", l)
		}
		return nil
	})
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetLanguage("", "en") }); err == nil {
		t.Error("SetLanguage accepted an empty phone")
	}
}
