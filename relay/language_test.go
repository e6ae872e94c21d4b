package relay_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// TestLanguagePreference: /ngonngu en is committed with its turn under the
// person's roster phone and read back on every later input, on each
// channel the person is bound on, and for the relay's own notices.
func TestLanguagePreference(t *testing.T) {
	f := newFixture(t)
	en := locale.New(locale.EN)
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	out := f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "en"})
	if got := texts(out.Outgoing); !strings.Contains(got, en.HTML("language.set", "language", "English")) {
		t.Fatalf("/ngonngu en said %q; want the English confirmation", got)
	}
	if err := f.db.View(func(tx *store.Tx) error {
		if l, _ := tx.Language("0912345678"); l != "en" {
			t.Errorf("stored language %q; want en", l)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := texts(f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup"}).Outgoing); !strings.Contains(got, "You can use these commands") {
		t.Errorf("next input on Telegram: %q; want English", got)
	}

	// The same person on Zalo hears English too.
	zalo := origin
	zalo.Channel, zalo.UserID, zalo.Chat, zalo.Typed = "zalo", "z-an", "z-an", true
	if err := f.db.Update(ctx, func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "z-an", Chat: "z-an", Phone: "0912345678"})
	}); err != nil {
		t.Fatal(err)
	}
	if got := f.from(t, zalo, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "help"}); !strings.Contains(got, "You can use these commands") {
		t.Errorf("on Zalo: %q; want English", got)
	}

	// A form left idle is ended with an English notice.
	f.from(t, zalo, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	f.now = f.now.Add(2 * time.Hour)
	notices, err := f.r.Sweep(ctx, "zalo")
	if err != nil || !strings.Contains(texts(notices), en.HTML("report.expired")) {
		t.Errorf("Sweep: %q, %v; want the English expiry notice", texts(notices), err)
	}

	// Someone else, who chose nothing, still hears the default.
	leader := origin
	leader.UserID, leader.Chat = "7", "7"
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	if got := f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "help"}); !strings.Contains(got, "Anh/chị có thể dùng các lệnh sau") {
		t.Errorf("the leader's help: %q; want Vietnamese", got)
	}

	// Back to Vietnamese from Zalo, seen on Telegram.
	f.from(t, zalo, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "tiếng việt"})
	if got := texts(f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "help"}).Outgoing); !strings.Contains(got, "Anh/chị có thể dùng các lệnh sau") {
		t.Errorf("after /ngonngu tiếng việt: %q; want Vietnamese", got)
	}
}

// TestPreviewInTheLeadersLanguage: /digest is built in the asker's language.
func TestPreviewInTheLeadersLanguage(t *testing.T) {
	f := newFixture(t)
	f.r.Engine = conversation.New(func() conversation.Config { c := f.r.Engine.Config(); c.Digests = true; return c }())
	var asked []locale.Lang
	f.r.Preview = func(p fieldbot.Person, lang locale.Lang, now time.Time) ([]fieldbot.Message, error) {
		asked = append(asked, lang)
		return []fieldbot.Message{{Text: "digest"}}, nil
	}
	leader := origin
	leader.UserID, leader.Chat = "7", "7"
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tonghop"})
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "language", Text: "english"})
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "digest"})
	if len(asked) != 2 || asked[0] != locale.VI || asked[1] != locale.EN {
		t.Errorf("previews built in %v; want [vi en]", asked)
	}
}
