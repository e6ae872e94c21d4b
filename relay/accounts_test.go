package relay_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// outboxOf is the text queued for a chat on a channel, then marked sent.
func (f *fixture) outboxOf(t *testing.T, channel, chat string) string {
	t.Helper()
	queued, err := f.db.Outbox(channel)
	if err != nil {
		t.Fatal(err)
	}
	var mine []store.Outgoing
	var ids []uint64
	for _, o := range queued {
		if o.Chat == chat {
			mine = append(mine, o)
		}
		ids = append(ids, o.ID)
	}
	f.db.OutboxDone(ids...)
	return texts(mine)
}

func TestAccountsSeenLinkedAndTakenBack(t *testing.T) {
	f := newFixture(t)
	an := origin // Telegram 42
	bich := relay.Origin{Channel: "telegram", UserID: "43", Chat: "43"}
	anZalo := relay.Origin{Channel: "zalo", UserID: "z-an", Chat: "z-an", Typed: true}
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	f.outboxOf(t, "telegram", "42")

	// Bích invites An on Zalo; when the Zalo account is linked, his
	// Telegram chat is told.
	got := f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "0912345678"})
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got)
	if code == "" {
		t.Fatalf("no code in %q", got)
	}
	if got := f.from(t, anZalo, fieldbot.Input{Kind: fieldbot.InputText, Text: code}); !strings.Contains(got, "Nguyễn Văn An") {
		t.Fatalf("redeeming on Zalo: %q", got)
	}
	if told := f.outboxOf(t, "telegram", "42"); !strings.Contains(told, "Zalo vừa được liên kết với Nguyễn Văn An") {
		t.Errorf("the existing Telegram account was told %q; want a notice of the new Zalo link", told)
	}

	// He lists his accounts.
	list := f.from(t, an, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "taikhoan"})
	for _, want := range []string{"Telegram", "Zalo", "tài khoản đang dùng"} {
		if !strings.Contains(list, want) {
			t.Errorf("/taikhoan lacks %q:\n%s", want, list)
		}
	}
	// An officer may not unlink; his leader may, for the lost phone.
	if got := f.from(t, an, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huylienket", Text: "0912345678 zalo"}); !strings.Contains(got, "không có quyền") {
		t.Errorf("an officer's /huylienket: %q", got)
	}
	if got := f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huylienket", Text: "Nguyễn Văn An zalo"}); !strings.Contains(got, "Đã hủy liên kết 1 tài khoản") {
		t.Fatalf("the leader's /huylienket: %q", got)
	}
	if told := f.outboxOf(t, "zalo", "z-an"); !strings.Contains(told, "không còn liên kết") {
		t.Errorf("the unlinked Zalo account was told %q", told)
	}
	if told := f.outboxOf(t, "telegram", "42"); !strings.Contains(told, "Tài khoản Zalo của Nguyễn Văn An đã được Trần Thị Bích hủy liên kết") {
		t.Errorf("the remaining Telegram account was told %q", told)
	}
	if got := f.from(t, anZalo, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tiendo"}); !strings.Contains(got, "mã mời") {
		t.Errorf("the unlinked Zalo account still acts: %q", got)
	}
	// A leader cannot take back a leader's account.
	if got := f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huylienket", Text: "0987654321"}); !strings.Contains(got, "quản trị") {
		t.Errorf("a leader unlinking a leader: %q", got)
	}

	// The revision records the account that made it.
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: ""})
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"})
	var via string
	f.db.LatestSubmissions("weekly", func(s fieldbot.Submission) error { via = s.Via; return nil })
	if via != "telegram:42" {
		t.Errorf("revision made via %q; want telegram:42", via)
	}
}

// A scheduled message is obsolete once its person has left the roster or
// no account of theirs on that channel writes to that chat.
func TestObsoleteScheduledMessages(t *testing.T) {
	f := newFixture(t)
	bich := "0987654321"
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "u77", Chat: "c77", Phone: bich})
	})
	if err != nil {
		t.Fatal(err)
	}
	digest := store.Outgoing{Channel: "zalo", Chat: "c77", Bulk: true, For: bich}
	for _, c := range []struct {
		what string
		e    store.Outgoing
		want bool
	}{
		{"her linked chat", digest, false},
		{"a group", store.Outgoing{Channel: "zalo", Chat: "g1", Bulk: true}, false},
		{"another chat", store.Outgoing{Channel: "zalo", Chat: "c78", Bulk: true, For: bich}, true},
		{"her chat on another channel", store.Outgoing{Channel: "telegram", Chat: "c77", Bulk: true, For: bich}, true},
	} {
		if got := f.r.Obsolete(c.e); got != c.want {
			t.Errorf("%s: Obsolete = %v; want %v", c.what, got, c.want)
		}
	}
	err = f.db.Update(ctx, func(tx *store.Tx) error { return tx.UnbindAccount("zalo", "u77") })
	if err != nil {
		t.Fatal(err)
	}
	if !f.r.Obsolete(digest) {
		t.Error("a digest for a chat whose account was taken back is not obsolete")
	}
	err = f.db.Update(ctx, func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "u77", Chat: "c77", Phone: bich})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.r.Roster.Replace([]fieldbot.Person{{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer}}); err != nil {
		t.Fatal(err)
	}
	if !f.r.Obsolete(digest) {
		t.Error("a digest for someone who left the roster is not obsolete")
	}
}
