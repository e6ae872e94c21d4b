package relay_test

import (
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

// Known: linked to a phone the roster holds. An unlinked account, or one
// linked to someone since taken off the roster, is not: both can only be
// onboarded, and their floods are bounded.
func TestKnown(t *testing.T) {
	f := newFixture(t)
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.BindAccount(store.Account{Channel: "zalo", UserID: "an", Chat: "an", Phone: "0912345678"}); err != nil {
			return err
		}
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "gone", Chat: "gone", Phone: "0901000000"})
	})
	if err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]bool{"an": true, "gone": false, "nobody": false} {
		if got := f.r.Known("zalo", user); got != want {
			t.Errorf("Known(zalo, %s) = %v; want %v", user, got, want)
		}
	}
	if f.r.Known("telegram", "an") {
		t.Error("linked on Zalo counts as known on Telegram")
	}
}
