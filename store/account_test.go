package store_test

import (
	"slices"
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

func TestAccounts(t *testing.T) {
	db, _ := tempDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, a := range []store.Account{
			{Channel: "zalo", UserID: "z9", Chat: "z9", Phone: "0912345678"},
			{Channel: "telegram", UserID: "42", Chat: "42", Phone: "0912345678", Lang: "vi"},
			{Channel: "telegram", UserID: "43", Chat: "43", Phone: "0987654321"},
		} {
			if err := tx.BindAccount(a); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.AccountsOf("0912345678")
		if err != nil || len(got) != 2 || got[0].Channel != "telegram" || got[1].Channel != "zalo" || got[0].Lang != "vi" {
			t.Errorf("AccountsOf = %+v, %v; want telegram 42, zalo z9", got, err)
		}
		if _, ok, err := tx.Account("telegram", "44"); ok || err != nil {
			t.Errorf("Account of a stranger = %v, %v", ok, err)
		}
		if got, err := tx.ChannelsOf("0912345678"); err != nil || !slices.Equal(got, []string{"telegram", "zalo"}) {
			t.Errorf("ChannelsOf = %q, %v; want telegram, zalo", got, err)
		}
		return nil
	})
	if phone, ok, err := db.LinkedPhone("zalo", "z9"); phone != "0912345678" || !ok || err != nil {
		t.Errorf("LinkedPhone = %q, %v, %v", phone, ok, err)
	}
	if phone, ok, err := db.LinkedPhone("telegram", "44"); phone != "" || ok || err != nil {
		t.Errorf("LinkedPhone of a stranger = %q, %v, %v", phone, ok, err)
	}

	// Rebinding a user id moves it to the new phone but keeps the menu
	// the channel shows that chat.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetMenu("telegram", "42", "leader"); err != nil {
			return err
		}
		if err := tx.BindAccount(store.Account{Channel: "telegram", UserID: "42", Chat: "42", Phone: "0987654321"}); err != nil {
			return err
		}
		if err := tx.SetUnreachable("telegram", "42", true); err != nil {
			return err
		}
		if err := tx.SetMenu("telegram", "nobody", "leader"); err != nil {
			return err
		}
		return tx.SetUnreachable("telegram", "nobody", true)
	})
	view(t, db, func(tx *store.Tx) error {
		if old, _ := tx.AccountsOf("0912345678"); len(old) != 1 || old[0].UserID != "z9" {
			t.Errorf("AccountsOf old phone after rebind = %+v; want only zalo z9", old)
		}
		if now, _ := tx.AccountsOf("0987654321"); len(now) != 2 {
			t.Errorf("AccountsOf new phone = %+v; want 2", now)
		}
		if got, _ := tx.ChannelsOf("0987654321"); !slices.Equal(got, []string{"telegram"}) {
			t.Errorf("ChannelsOf new phone = %q; want telegram once for its two accounts", got)
		}
		if got, _ := tx.ChannelsOf("0912345678"); !slices.Equal(got, []string{"zalo"}) {
			t.Errorf("ChannelsOf old phone after rebind = %q; want zalo", got)
		}
		if a, _, _ := tx.Account("telegram", "42"); a.Phone != "0987654321" || !a.Unreachable || a.Menu != "leader" {
			t.Errorf("after rebind and SetUnreachable = %+v", a)
		}
		return nil
	})
	all, err := db.Accounts()
	if err != nil || len(all) != 3 {
		t.Errorf("Accounts = %+v, %v; want 3", all, err)
	}
}

func TestChatState(t *testing.T) {
	db, _ := tempDB(t)
	buf := []byte(`{"step":"field"}`)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.PutChatState("telegram", "42", buf); err != nil {
			return err
		}
		return tx.PutChatState("zalo", "42", []byte("other channel"))
	})
	copy(buf, "XXXX") // the caller reuses its buffer

	var state []byte
	view(t, db, func(tx *store.Tx) error {
		var err error
		state, err = tx.ChatState("telegram", "42")
		return err
	})
	if string(state) != `{"step":"field"}` {
		t.Fatalf("ChatState = %q; the caller's buffer leaked into the store?", state)
	}
	// Overwrite after the read transaction ended: the copy must not change.
	update(t, db, func(tx *store.Tx) error { return tx.PutChatState("telegram", "42", []byte(`{"step":"summary"}`)) })
	if string(state) != `{"step":"field"}` {
		t.Errorf("state read in a finished transaction changed to %q", state)
	}
	states, err := db.ChatStates("telegram")
	if err != nil || len(states) != 1 || string(states["42"]) != `{"step":"summary"}` {
		t.Errorf("ChatStates = %q, %v", states, err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.PutChatState("telegram", "42", nil) })
	view(t, db, func(tx *store.Tx) error {
		if s, err := tx.ChatState("telegram", "42"); s != nil || err != nil {
			t.Errorf("ChatState after delete = %q, %v; want nil", s, err)
		}
		return nil
	})
}
