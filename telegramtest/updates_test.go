package telegramtest

import (
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetUpdatesOffsetConfirms(t *testing.T) {
	srv, bot := newBot(t)
	id1 := srv.SendText(alice, "/start abc")
	id2 := srv.SendText(alice, "xin chào")
	if id2 != id1+1 {
		t.Fatalf("update ids %d, %d not consecutive", id1, id2)
	}

	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 2 {
		t.Fatalf("first poll: %d updates, %v", len(ups), err)
	}
	m := ups[0].Message
	if ups[0].UpdateID != id1 || m.Chat.ID != alice.ID || m.From.UserName != "alice" || m.From.LanguageCode != "vi" {
		t.Fatalf("update = %+v / %+v", ups[0], m)
	}
	if !m.IsCommand() || m.Command() != "start" || m.CommandArguments() != "abc" {
		t.Fatalf("command entity: IsCommand %v, %q %q", m.IsCommand(), m.Command(), m.CommandArguments())
	}
	if ups[1].Message.IsCommand() {
		t.Fatal("plain text marked as command")
	}

	// Not confirmed: a restarted client gets them again.
	again, err := bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 1})
	if err != nil || len(again) != 1 || again[0].UpdateID != id1 {
		t.Fatalf("unconfirmed poll with limit 1: %+v %v", again, err)
	}
	// Confirm the first only.
	rest, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id1 + 1})
	if err != nil || len(rest) != 1 || rest[0].UpdateID != id2 {
		t.Fatalf("after confirming the first: %+v %v", rest, err)
	}
	none, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id2 + 1})
	if err != nil || len(none) != 0 {
		t.Fatalf("after confirming all: %+v %v", none, err)
	}
	if n := srv.PendingUpdates(); n != 0 {
		t.Fatalf("PendingUpdates = %d", n)
	}
	noRejections(t, srv)
}

func TestGetUpdatesLongPoll(t *testing.T) {
	srv, bot := newBot(t)
	go func() {
		time.Sleep(100 * time.Millisecond)
		srv.SendText(alice, "hello")
	}()
	start := time.Now()
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 5})
	if err != nil || len(ups) != 1 || ups[0].Message.Text != "hello" {
		t.Fatalf("long poll: %+v %v", ups, err)
	}
	if d := time.Since(start); d < 80*time.Millisecond || d > 3*time.Second {
		t.Fatalf("long poll returned after %v", d)
	}

	// With nothing queued the poll lasts its timeout.
	start = time.Now()
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1, Timeout: 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("empty long poll: %+v %v", ups, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("empty long poll returned after only %v", d)
	}
}

func TestRedeliver(t *testing.T) {
	srv, bot := newBot(t)
	id := srv.SendText(alice, "once")
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 1 {
		t.Fatalf("got %d updates", len(ups))
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1}); err != nil {
		t.Fatal(err)
	}
	if !srv.Redeliver(id) {
		t.Fatal("Redeliver reported unknown id")
	}
	if srv.Redeliver(12345) {
		t.Fatal("Redeliver accepted an id never issued")
	}
	dup, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1})
	if err != nil || len(dup) != 1 || dup[0].UpdateID != id || dup[0].Message.Text != "once" {
		t.Fatalf("redelivered: %+v %v", dup, err)
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1}); err != nil || srv.PendingUpdates() != 0 {
		t.Fatalf("redelivered copy not confirmed: pending %d, %v", srv.PendingUpdates(), err)
	}
}

func TestAllowedUpdatesAndNullFromClient(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	srv.SendText(alice, "text")
	srv.PressButton(alice, 1, "x")
	// The client sends allowed_updates=null when the slice is nil; that must
	// mean "keep the previous setting", not an error.
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("allowed_updates filter: %+v %v", ups, err)
	}
	srv.SendText(alice, "filtered too")
	ups, err = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("setting not kept: %+v %v", ups, err)
	}
	noRejections(t, srv)
}

func TestConcurrentGetUpdatesConflict(t *testing.T) {
	srv, bot := newBot(t)
	var wg sync.WaitGroup
	var firstErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, firstErr = bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 5})
	}()
	time.Sleep(100 * time.Millisecond)
	srv.SendText(alice, "x")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 5})
	wg.Wait()
	if err != nil && firstErr != nil {
		t.Fatalf("both polls failed: %v / %v", err, firstErr)
	}
	if firstErr != nil {
		if e := apiErr(t, firstErr); e.Code != 409 {
			t.Fatalf("older poll: %d %q", e.Code, e.Message)
		}
		if len(ups) != 1 {
			t.Fatalf("newer poll got %d updates", len(ups))
		}
	}
}

func TestWebhookBlocksGetUpdates(t *testing.T) {
	srv, bot := newBot(t)
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	wh, _ := tgbotapi.NewWebhook("https://example.com/hook")
	if _, err := bot.Request(wh); err != nil {
		t.Fatal(err)
	}
	srv.SendText(alice, "x")
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != "https://example.com/hook" || info.PendingUpdateCount != 1 {
		t.Fatalf("webhook info %+v %v", info, err)
	}
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if e := apiErr(t, err); e.Code != 409 {
		t.Fatalf("getUpdates with webhook: %d %q", e.Code, e.Message)
	}
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	if ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil || len(ups) != 1 {
		t.Fatalf("after deleteWebhook: %+v %v", ups, err)
	}
}

func TestCloseEndsLongPoll(t *testing.T) {
	srv, bot := newBot(t)
	done := make(chan struct{})
	go func() {
		_, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close blocked on a long poll")
	}
	<-done
}
