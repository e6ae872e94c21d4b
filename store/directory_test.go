package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

func TestSettleKeepsWhatChatConfirmedUntilAFileChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	file := []fieldbot.Person{{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer}}
	targets := []fieldbot.Target{{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2027, Value: 83.9}}

	s, err := db.Settle(file, targets)
	if err != nil || !s.RosterFromFile || !s.TargetsFromFile || len(s.People) != 1 {
		t.Fatalf("first start: %+v %v", s, err)
	}
	// Confirmed in chat: a second officer.
	chat := append(append([]fieldbot.Person(nil), file...), fieldbot.Person{Phone: "0913222333", Name: "Phạm Thị Dung", Unit: "kv1", Role: fieldbot.RoleOfficer})
	err = db.Update(ctx, func(tx *store.Tx) error {
		r, _, err := tx.Roster()
		if err != nil {
			return err
		}
		r.People, r.By = chat, "0903123456"
		return tx.PutRoster(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err = db.Settle(file, targets) // a restart with the same files
	if err != nil || s.RosterFromFile || len(s.People) != 2 || s.RosterBy != "0903123456" {
		t.Fatalf("restart with unchanged files undid the chat's roster: %+v %v", s, err)
	}
	edited := append(append([]fieldbot.Person(nil), file...), fieldbot.Person{Phone: "0919202301", Name: "Lý Thị Hạnh", Unit: "kv2", Role: fieldbot.RoleOfficer})
	s, err = db.Settle(edited, targets) // the IT officer edited the file
	if err != nil || !s.RosterFromFile || s.TargetsFromFile || len(s.People) != 2 || s.People[1].Name != "Lý Thị Hạnh" {
		t.Fatalf("a changed file was not applied: %+v %v", s, err)
	}
}
