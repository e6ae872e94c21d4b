package telegramtest

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetMe(t *testing.T) {
	srv, bot := newBot(t)
	if !bot.Self.IsBot || bot.Self.UserName != BotUsername || bot.Self.ID != BotID {
		t.Fatalf("Self = %+v", bot.Self)
	}
	if srv.Calls("getMe") != 1 {
		t.Fatalf("getMe calls = %d, want 1", srv.Calls("getMe"))
	}
	noRejections(t, srv)
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	srv := New(testToken)
	defer srv.Close()
	_, err := tgbotapi.NewBotAPIWithClient("999:wrong", srv.URL()+"/bot%s/%s", http.DefaultClient)
	if e := apiErr(t, err); e.Code != 401 || e.Message != "Unauthorized" {
		t.Fatalf("got %d %q", e.Code, e.Message)
	}
	if r := srv.Rejections(); len(r) != 1 || r[0].Code != 401 {
		t.Fatalf("rejections = %+v", r)
	}
}

func TestUnknownMethodAndParameters(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)

	_, err := bot.MakeRequest("sendMesage", nil)
	if e := apiErr(t, err); e.Code != 404 || e.Message != "Not Found" {
		t.Fatalf("unknown method: %d %q", e.Code, e.Message)
	}
	// Method names are case-insensitive, as on Telegram.
	if _, err := bot.MakeRequest("SENDMESSAGE", tgbotapi.Params{"chat_id": "1001", "text": "hi"}); err != nil {
		t.Fatalf("upper-case method: %v", err)
	}

	cases := []struct {
		name   string
		params tgbotapi.Params
		want   string
	}{
		{"unknown param", tgbotapi.Params{"chat_id": "1001", "text": "x", "txet": "y"}, `unknown parameter "txet"`},
		{"missing chat", tgbotapi.Params{"text": "x"}, "chat_id is empty"},
		{"missing text", tgbotapi.Params{"chat_id": "1001"}, "message text is empty"},
		{"blank text", tgbotapi.Params{"chat_id": "1001", "text": "  \n "}, "message text is empty"},
		{"bool", tgbotapi.Params{"chat_id": "1001", "text": "x", "disable_notification": "yes please"}, "disable_notification"},
		{"int", tgbotapi.Params{"chat_id": "1001", "text": "x", "message_thread_id": "abc"}, "message_thread_id"},
		{"json", tgbotapi.Params{"chat_id": "1001", "text": "x", "reply_markup": "{not json"}, "can't parse reply_markup JSON object"},
		{"json shape", tgbotapi.Params{"chat_id": "1001", "text": "x", "reply_markup": `{"inline_keyboard":"nope"}`}, "reply_markup"},
		{"unknown chat", tgbotapi.Params{"chat_id": "4242", "text": "x"}, "chat not found"},
		{"parse mode", tgbotapi.Params{"chat_id": "1001", "text": "x", "parse_mode": "Html5"}, "unsupported parse_mode"},
		{"markdownv2", tgbotapi.Params{"chat_id": "1001", "text": "1.5", "parse_mode": "MarkdownV2"}, "Character '.' is reserved"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bot.MakeRequest("sendMessage", tc.params)
			wantRejected(t, err, tc.want)
		})
	}
	if got := len(srv.Rejections()); got != len(cases)+1 {
		t.Fatalf("recorded %d rejections, want %d: %+v", got, len(cases)+1, srv.Rejections())
	}
}

func TestLegacyParamsFromClientAccepted(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	first, err := bot.Send(tgbotapi.NewMessage(alice.ID, "first"))
	if err != nil {
		t.Fatal(err)
	}
	msg := tgbotapi.NewMessage(alice.ID, "see https://example.com")
	msg.ReplyToMessageID = first.MessageID
	msg.AllowSendingWithoutReply = true
	msg.DisableWebPagePreview = true
	msg.DisableNotification = true
	if _, err := bot.Send(msg); err != nil {
		t.Fatalf("legacy params: %v", err)
	}
	noRejections(t, srv)

	msg.ReplyToMessageID = 999
	msg.AllowSendingWithoutReply = false
	_, err = bot.Send(msg)
	wantRejected(t, err, "message to be replied not found")
}

func TestJSONBodyAndGet(t *testing.T) {
	srv := New(testToken)
	defer srv.Close()
	srv.AddUser(alice)
	resp, err := http.Post(srv.URL()+"/bot"+testToken+"/sendMessage", "application/json",
		strings.NewReader(`{"chat_id":1001,"text":"<b>hi</b>","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"text":"hi"`) {
		t.Fatalf("JSON body: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(srv.URL() + "/bot" + testToken + "/getMe")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"username":"fieldbot_test_bot"`) {
		t.Fatalf("GET getMe: %s", body)
	}
	noRejections(t, srv)
}

func TestNewServerOnOwnListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(testToken, l)
	defer srv.Close()
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", http.DefaultClient)
	if err != nil || bot.Self.UserName != BotUsername {
		t.Fatalf("bot %+v, err %v", bot, err)
	}
}

func TestGenericMethods(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	// A True-returning method the fake does not model: validated, answered true.
	if _, err := bot.Request(tgbotapi.PinChatMessageConfig{ChatID: alice.ID, MessageID: 1}); err != nil {
		t.Fatalf("pinChatMessage: %v", err)
	}
	_, err := bot.Request(tgbotapi.PinChatMessageConfig{ChatID: 5, MessageID: 1})
	wantRejected(t, err, "chat not found")
	_, err = bot.Request(tgbotapi.PinChatMessageConfig{ChatID: alice.ID})
	wantRejected(t, err, "message identifier is not specified")
	// Another send method stores a message of that kind.
	m, err := bot.Send(tgbotapi.NewLocation(alice.ID, 10.5, 106.7))
	if err != nil || m.MessageID == 0 {
		t.Fatalf("sendLocation: %+v %v", m, err)
	}
	if last, _ := srv.LastMessage(alice.ID); last.Method != "sendLocation" {
		t.Fatalf("last message method %q", last.Method)
	}
	if _, err := bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
		t.Fatalf("sendChatAction: %v", err)
	}
	_, err = bot.Request(tgbotapi.NewChatAction(alice.ID, "dancing"))
	wantRejected(t, err, "wrong parameter action")
	chat, err := bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: alice.ID}})
	if err != nil || chat.UserName != "alice" || chat.Type != "private" {
		t.Fatalf("getChat: %+v %v", chat, err)
	}
}
