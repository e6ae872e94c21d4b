package telegramtest

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const testToken = "123456:TEST-token"

var alice = User{ID: 1001, FirstName: "Alice", Username: "alice", LanguageCode: "vi"}

// newBot starts a fake server and connects the real client to it.
func newBot(t *testing.T) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := New(testToken)
	t.Cleanup(srv.Close)
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", &http.Client{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return srv, bot
}

// apiErr extracts the client's *tgbotapi.Error from err.
func apiErr(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got nil")
	}
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *tgbotapi.Error", err, err)
	}
	return e
}

// wantRejected asserts that err is a 400 whose description contains want.
func wantRejected(t *testing.T, err error, want string) {
	t.Helper()
	e := apiErr(t, err)
	if e.Code != http.StatusBadRequest || !strings.Contains(e.Message, want) {
		t.Fatalf("got %d %q, want 400 containing %q", e.Code, e.Message, want)
	}
}

func noRejections(t *testing.T, srv *Server) {
	t.Helper()
	if r := srv.Rejections(); len(r) > 0 {
		t.Fatalf("unexpected rejections: %+v", r)
	}
}
