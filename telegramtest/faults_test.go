package telegramtest

import (
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestFailNext429(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	srv.FailNext("sendMessage", http.StatusTooManyRequests, 7, "")

	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	e := apiErr(t, err)
	if e.Code != 429 || e.RetryAfter != 7 || e.Message != "Too Many Requests: retry after 7" {
		t.Fatalf("got %+v", e)
	}
	if srv.Count429() != 1 {
		t.Fatalf("Count429 = %d", srv.Count429())
	}
	if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x")); err != nil {
		t.Fatalf("fault applied twice: %v", err)
	}
	noRejections(t, srv)
	if srv.Calls("sendMessage") != 2 {
		t.Fatalf("Calls = %d", srv.Calls("sendMessage"))
	}

	// "" matches any method; a method-specific fault wins over it.
	srv.FailNext("", http.StatusInternalServerError, 0, "")
	srv.FailNext("getMe", http.StatusBadGateway, 0, "")
	if _, err := bot.GetMe(); apiErr(t, err).Code != 502 {
		t.Fatalf("getMe: %v", err)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x")); apiErr(t, err).Code != 500 {
		t.Fatalf("sendMessage: %v", err)
	}

	// A proxy's HTML error page reaches the client as a decode error.
	srv.FailNextHTTP("sendMessage", http.StatusBadGateway, "text/html", "<html>502 Bad Gateway</html>")
	_, err = bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	if err == nil || strings.Contains(err.Error(), "502") {
		t.Fatalf("HTML page: %v", err)
	}
}

func TestRateLimits(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	srv.AddGroup(-42, "Phòng 1")
	srv.SetRateLimits(true)
	for i := range privateBurst {
		if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x")); err != nil {
			t.Fatalf("send %d within burst: %v", i, err)
		}
	}
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	if e := apiErr(t, err); e.Code != 429 || e.RetryAfter != 1 {
		t.Fatalf("4th private send: %+v", e)
	}
	// Edits and other chats are not limited by this chat's bucket.
	if _, err := bot.Send(tgbotapi.NewEditMessageText(alice.ID, 1, "y")); err != nil {
		t.Fatalf("edit: %v", err)
	}
	for i := range groupBurst {
		if _, err := bot.Send(tgbotapi.NewMessage(-42, "g")); err != nil {
			t.Fatalf("group send %d: %v", i, err)
		}
	}
	_, err = bot.Send(tgbotapi.NewMessage(-42, "g"))
	if e := apiErr(t, err); e.Code != 429 || e.RetryAfter < 2 {
		t.Fatalf("21st group send: %+v", e)
	}
	if srv.Count429() != 2 {
		t.Fatalf("Count429 = %d", srv.Count429())
	}
	noRejections(t, srv)

	srv.SetRateLimits(false)
	if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x")); err != nil {
		t.Fatalf("limits off: %v", err)
	}
}

func TestGlobalRateLimit(t *testing.T) {
	srv, bot := newBot(t)
	srv.SetRateLimits(true)
	var limited int
	for i := range int64(40) {
		u := User{ID: 5000 + i, FirstName: "U"}
		srv.AddUser(u)
		if _, err := bot.Send(tgbotapi.NewMessage(u.ID, "digest")); err != nil {
			if apiErr(t, err).Code != 429 {
				t.Fatal(err)
			}
			limited++
		}
	}
	if limited < 5 { // 30 burst, then ~30/s refill during the loop
		t.Fatalf("only %d of 40 sends to 40 chats were limited", limited)
	}
}

func TestBlockedUser(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	srv.SetBlocked(alice.ID, true)
	_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
	if e := apiErr(t, err); e.Code != 403 || e.Message != "Forbidden: bot was blocked by the user" {
		t.Fatalf("got %+v", e)
	}
	noRejections(t, srv)
	srv.SetBlocked(alice.ID, false)
	if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x")); err != nil {
		t.Fatal(err)
	}
}
