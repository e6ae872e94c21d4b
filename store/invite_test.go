package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

func redeem(t *testing.T, db *store.DB, code string, at time.Time) (store.Invite, bool) {
	t.Helper()
	var inv store.Invite
	var ok bool
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		inv, ok, err = tx.RedeemInvite(code, "zalo:u1", at)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return inv, ok
}

// A code is stored as an HMAC under a key kept beside the database, not
// in it: the database (what backups carry off the machine) holds neither
// the key nor a plain hash a 40-bit code could be guessed back from.
func TestInviteHashIsKeyedAndTheKeyIsNotInTheDatabase(t *testing.T) {
	db, path := tempDB(t)
	const code = "K7PQ2MXA"
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.PutInvite(code, store.Invite{Phone: "0912345678", Expires: clock.Add(fieldbot.InviteValidity)})
	})
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(filepath.Dir(path), store.InviteKeyFile)
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v; want 0600", fi.Mode().Perm())
	}
	key, _ := os.ReadFile(keyPath)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(code))
	if bytes.Contains(raw, []byte(hex.EncodeToString(sum[:]))) {
		t.Error("the database holds the plain SHA-256 of the code")
	}
	if bytes.Contains(raw, key) {
		t.Error("the database holds the invitation key")
	}
	if !bytes.Contains(raw, []byte(store.InviteHash(key, code))) {
		t.Error("the database does not hold the keyed hash of the code")
	}
	// Another process computes the same hash from the folder alone.
	if h, err := store.InviteHashIn(filepath.Dir(path), code); err != nil || h != store.InviteHash(key, code) {
		t.Errorf("InviteHashIn = %q, %v; want the keyed hash", h, err)
	}
	db = open(t, path)
	defer db.Close()
	if inv, ok := redeem(t, db, code, clock.Add(time.Hour)); !ok || inv.Phone != "0912345678" {
		t.Errorf("redeem after reopening = %+v, %v; want the invitation", inv, ok)
	}
	if _, ok := redeem(t, db, code, clock.Add(2*time.Hour)); ok {
		t.Error("a used code redeemed twice")
	}
}

// Codes stored by the previous version (plain SHA-256) keep working until
// they expire, but never beyond the cap on validity.
func TestLegacyInviteHashes(t *testing.T) {
	db, _ := tempDB(t)
	legacy := func(code string) string {
		sum := sha256.Sum256([]byte(code))
		return hex.EncodeToString(sum[:])
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.PutInviteHash(legacy("AAAA2222"), store.Invite{Phone: "0912345678", Issued: clock, Expires: clock.Add(72 * time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := redeem(t, db, "AAAA2222", clock.Add(73*time.Hour)); ok {
		t.Error("an expired legacy code redeemed")
	}
	if _, ok := redeem(t, db, "AAAA2222", clock.Add(71*time.Hour)); !ok {
		t.Error("a legacy code within its validity refused")
	}
}

// A stored invitation is never replaced (so a used code cannot be made
// new by storing it again), and none is valid for more than a week.
func TestPutInviteHashRefuses(t *testing.T) {
	db, _ := tempDB(t)
	key, err := store.LoadInviteKey(filepath.Dir(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	hash := store.InviteHash(key, "BBBB3333")
	put := func(inv store.Invite) error {
		return db.Update(ctx, func(tx *store.Tx) error { return tx.PutInviteHash(hash, inv) })
	}
	fresh := store.Invite{Phone: "0912345678", Issued: clock, Expires: clock.Add(72 * time.Hour)}
	if err := put(fresh); err != nil {
		t.Fatal(err)
	}
	if _, ok := redeem(t, db, "BBBB3333", clock.Add(time.Hour)); !ok {
		t.Fatal("not redeemed")
	}
	if err := put(fresh); fieldbot.ErrorCode(err) != fieldbot.ECONFLICT {
		t.Errorf("storing a used code again: %v; want ECONFLICT", err)
	}
	if _, ok := redeem(t, db, "BBBB3333", clock.Add(2*time.Hour)); ok {
		t.Error("a used code was revived")
	}
	for name, inv := range map[string]store.Invite{
		"a year":          {Phone: "0912345678", Issued: clock, Expires: clock.AddDate(1, 0, 0)},
		"8 days":          {Phone: "0912345678", Issued: clock, Expires: clock.Add(8 * 24 * time.Hour)},
		"issued later":    {Phone: "0912345678", Issued: clock.AddDate(0, 1, 0), Expires: clock.AddDate(0, 1, 2)},
		"expired already": {Phone: "0912345678", Issued: clock, Expires: clock},
	} {
		h := store.InviteHash(key, name)
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutInviteHash(h, inv) })
		if fieldbot.ErrorCode(err) != fieldbot.EINVALID || !strings.Contains(err.Error(), "at most") {
			t.Errorf("%s: %v; want EINVALID", name, err)
		}
	}
}

// A damaged key file is an error that says what to do, not a silent new
// key.
func TestDamagedInviteKey(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.InviteKeyFile), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.LoadInviteKey(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("LoadInviteKey = %v; want damaged", err)
	}
}
