package invitedrop_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fieldbot/fieldbot/invitedrop"
)

func TestTelegramUsernameRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if got, err := invitedrop.TelegramUsername(dir); got != "" || err != nil {
		t.Fatalf("TelegramUsername before any start = %q, %v; want \"\", nil", got, err)
	}
	for _, name := range []string{"thads_dongthap_bot", "Other_Bot"} { // a new token may be a new bot
		if err := invitedrop.SaveTelegramUsername(dir, name); err != nil {
			t.Fatal(err)
		}
		if got, err := invitedrop.TelegramUsername(dir); got != name || err != nil {
			t.Errorf("TelegramUsername = %q, %v; want %q", got, err, name)
		}
	}
	// The file alone, nothing in the drop folder, no temporary file left.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "telegram-username" {
		t.Errorf("the data folder holds %d entries; want the username file alone", len(entries))
	}
}

func TestTelegramUsernameRefusesWhatIsNotOne(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"", "ab", "bot name", "a/b/../c_bot", "x?start=1"} {
		if err := invitedrop.SaveTelegramUsername(dir, bad); err == nil {
			t.Errorf("SaveTelegramUsername(%q) = nil; want an error", bad)
		}
	}
	// A file edited by hand into something else is not read as a name.
	if err := os.WriteFile(filepath.Join(dir, "telegram-username"), []byte("evil.example/x?y"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := invitedrop.TelegramUsername(dir); err == nil {
		t.Errorf("TelegramUsername of a bad file = %q, nil; want an error", got)
	}
}
