package telegramtest

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func keyboard(data ...string) tgbotapi.InlineKeyboardMarkup {
	var row []tgbotapi.InlineKeyboardButton
	for _, d := range data {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData("Nút "+d, d))
	}
	return tgbotapi.NewInlineKeyboardMarkup(row)
}

func TestSendMessageHTMLAndInlineKeyboard(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(alice, "/start")

	msg := tgbotapi.NewMessage(alice.ID, "<b>Tỷ lệ</b> &lt;83,90%&gt; &amp; <a href=\"https://example.com\">xem</a>")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = keyboard("yes", "no")
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if sent.MessageID != 2 { // message 1 is alice's /start
		t.Fatalf("message id %d, want 2 (ids are shared per chat)", sent.MessageID)
	}
	if sent.Text != "Tỷ lệ <83,90%> & xem" {
		t.Fatalf("returned text %q", sent.Text)
	}
	if len(sent.Entities) != 2 || sent.Entities[0].Type != "bold" || sent.Entities[0].Length != 5 ||
		sent.Entities[1].Type != "text_link" || sent.Entities[1].URL != "https://example.com" {
		t.Fatalf("entities %+v", sent.Entities)
	}
	if sent.ReplyMarkup == nil || *sent.ReplyMarkup.InlineKeyboard[0][1].CallbackData != "no" {
		t.Fatalf("returned markup %+v", sent.ReplyMarkup)
	}

	stored, ok := srv.LastMessage(alice.ID)
	if !ok || stored.ID != sent.MessageID || stored.ParseMode != "HTML" || stored.Text != msg.Text {
		t.Fatalf("stored %+v", stored)
	}
	if got := stored.Buttons(); strings.Join(got, ",") != "yes,no" {
		t.Fatalf("buttons %v", got)
	}
	if stored.PlainText() != "Tỷ lệ <83,90%> & xem" {
		t.Fatalf("PlainText %q", stored.PlainText())
	}

	// Pressing a button delivers a callback query carrying that message.
	updID, qid := srv.PressButton(alice, sent.MessageID, "yes")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cb := ups[len(ups)-1]
	if cb.UpdateID != updID || cb.CallbackQuery == nil || cb.CallbackQuery.ID != qid || cb.CallbackQuery.Data != "yes" ||
		cb.CallbackQuery.Message.MessageID != sent.MessageID || cb.CallbackQuery.Message.Chat.ID != alice.ID ||
		cb.CallbackQuery.From.ID != alice.ID {
		t.Fatalf("callback update %+v", cb.CallbackQuery)
	}
	// Send reports an error for True-returning methods although the call
	// worked (library quirk); Request is the right call.
	if _, err := bot.Send(tgbotapi.NewCallback(qid, "Đã lưu")); err == nil {
		t.Fatal("expected the client's Send quirk for answerCallbackQuery")
	}
	if a := srv.CallbackAnswers(); len(a) != 1 || a[0].QueryID != qid || a[0].Text != "Đã lưu" {
		t.Fatalf("answers %+v", a)
	}
	_, err = bot.Request(tgbotapi.NewCallback(qid, "again"))
	wantRejected(t, err, "query is too old")

	_, qid2 := srv.PressButton(alice, sent.MessageID, "forged-data")
	_, err = bot.Request(tgbotapi.NewCallbackWithAlert(qid2, strings.Repeat("x", 201)))
	wantRejected(t, err, "MESSAGE_TOO_LONG")
	if _, err := bot.Request(tgbotapi.NewCallbackWithAlert(qid2, strings.Repeat("x", 200))); err != nil {
		t.Fatal(err)
	}
	if a := srv.CallbackAnswers(); !a[1].ShowAlert {
		t.Fatalf("answers %+v", a)
	}
}

func TestRejectedMessages(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	html := func(text string) tgbotapi.MessageConfig {
		m := tgbotapi.NewMessage(alice.ID, text)
		m.ParseMode = tgbotapi.ModeHTML
		return m
	}
	withData := func(data string) tgbotapi.MessageConfig {
		m := tgbotapi.NewMessage(alice.ID, "chọn")
		m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("A", data)))
		return m
	}
	cases := []struct {
		name string
		msg  tgbotapi.MessageConfig
		want string
	}{
		{"unclosed tag", html("<b>bold"), `can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"bare <", html("1 < 2"), `Unsupported start tag ""`},
		{"br", html("a<br>b"), `Unsupported start tag "br"`},
		{"misnested", html("<b><i>x</b></i>"), "Unmatched end tag"},
		{"bare &", html("Q&A"), `Unescaped "&"`},
		{"span class", html("<span>x</span>"), "tg-spoiler"},
		{"65-byte callback data", withData(strings.Repeat("a", 65)), "BUTTON_DATA_INVALID"},
		{"multi-byte callback data", withData(strings.Repeat("ố", 22)), "BUTTON_DATA_INVALID"}, // 22 letters, 66 bytes
		{"4097 characters", tgbotapi.NewMessage(alice.ID, strings.Repeat("ư", 4097)), "message is too long"},
		{"4097 after markup", html("<b>" + strings.Repeat("a", 4097) + "</b>"), "message is too long"},
		{"unknown chat", tgbotapi.NewMessage(777, "hi"), "chat not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bot.Send(tc.msg)
			wantRejected(t, err, tc.want)
		})
	}
	rej := srv.Rejections()
	if len(rej) != len(cases) {
		t.Fatalf("recorded %d rejections, want %d", len(rej), len(cases))
	}
	if rej[0].Method != "sendMessage" || !strings.HasPrefix(rej[0].Reason, "Bad Request: can't parse entities") {
		t.Fatalf("first rejection %+v", rej[0])
	}
	if len(srv.Messages(alice.ID)) != 0 {
		t.Fatal("a rejected message was stored")
	}

	// The limits themselves are accepted.
	ok := []tgbotapi.MessageConfig{
		withData(strings.Repeat("a", 64)),
		tgbotapi.NewMessage(alice.ID, strings.Repeat("ư", 4096)),
		html("<b>" + strings.Repeat("a", 4096) + "</b> "),
		html(`<pre><code class="language-go">x &lt; y</code></pre><tg-spoiler>s</tg-spoiler><blockquote expandable>q</blockquote>`),
	}
	for i, m := range ok {
		if _, err := bot.Send(m); err != nil {
			t.Fatalf("valid message %d rejected: %v", i, err)
		}
	}
	if len(srv.Rejections()) != len(cases) {
		t.Fatalf("valid messages were rejected: %+v", srv.Rejections()[len(cases):])
	}
}

func TestEditMessageText(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	msg := tgbotapi.NewMessage(alice.ID, "<b>Bước 1</b>")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = keyboard("a")
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}

	same := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, sent.MessageID, "<strong>Bước 1</strong>", keyboard("a"))
	same.ParseMode = tgbotapi.ModeHTML
	_, err = bot.Send(same)
	wantRejected(t, err, "message is not modified")

	// Without reply_markup Telegram removes the keyboard, so this is a change.
	edit := tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "<b>Bước 1</b>")
	edit.ParseMode = tgbotapi.ModeHTML
	edited, err := bot.Send(edit)
	if err != nil {
		t.Fatalf("edit removing keyboard: %v", err)
	}
	if edited.ReplyMarkup != nil || edited.EditDate == 0 {
		t.Fatalf("edited %+v", edited)
	}
	if _, err := bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "Bước 2")); err != nil {
		t.Fatal(err)
	}
	m, _ := srv.LastMessage(alice.ID)
	if m.Text != "Bước 2" || m.ParseMode != "" || m.Edits != 2 || len(m.History) != 2 || m.History[0].Text != "<b>Bước 1</b>" || m.Inline != nil {
		t.Fatalf("after edits %+v", m)
	}

	if _, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(alice.ID, sent.MessageID, keyboard("b"))); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageReplyMarkup(alice.ID, sent.MessageID, keyboard("b")))
	wantRejected(t, err, "message is not modified")

	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, 99, "x"))
	wantRejected(t, err, "message to edit not found")

	if _, err := bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID))
	wantRejected(t, err, "message to delete not found")
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "x"))
	wantRejected(t, err, "message to edit not found")
	if msgs := srv.Messages(alice.ID); len(msgs) != 1 || !msgs[0].Deleted {
		t.Fatalf("messages %+v", msgs)
	}
	if _, ok := srv.LastMessage(alice.ID); ok {
		t.Fatal("LastMessage returned a deleted message")
	}
}

func TestReplyKeyboardAndContact(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	msg := tgbotapi.NewMessage(alice.ID, "Gửi số điện thoại")
	msg.ReplyMarkup = tgbotapi.NewOneTimeReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact("Gửi số")))
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	m, _ := srv.LastMessage(alice.ID)
	if m.Reply == nil || !m.Reply.OneTime || !m.Reply.Rows[0][0].RequestContact || m.Reply.Rows[0][0].Text != "Gửi số" {
		t.Fatalf("reply keyboard %+v", m.Reply)
	}
	if srv.CurrentKeyboard(alice.ID) == nil {
		t.Fatal("keyboard not shown")
	}
	srv.SendContact(alice, Contact{PhoneNumber: "+84912345678", FirstName: "Alice", UserID: alice.ID})
	if srv.CurrentKeyboard(alice.ID) != nil {
		t.Fatal("one-time keyboard still shown after use")
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatal(err)
	}
	c := ups[0].Message.Contact
	if c == nil || c.PhoneNumber != "+84912345678" || c.UserID != alice.ID {
		t.Fatalf("contact %+v", c)
	}

	rm := tgbotapi.NewMessage(alice.ID, "Cảm ơn")
	rm.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	if _, err := bot.Send(rm); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.LastMessage(alice.ID); !m.RemoveKeyboard {
		t.Fatal("remove_keyboard not recorded")
	}
	noRejections(t, srv)
}

func TestGroupChat(t *testing.T) {
	srv, bot := newBot(t)
	const group = -1001234567890
	srv.SendGroupText(group, alice, "/status@fieldbot_test_bot")
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatal(err)
	}
	m := ups[0].Message
	if m.Chat.ID != group || m.Chat.Type != "supergroup" || m.Command() != "status" || m.CommandWithAt() != "status@fieldbot_test_bot" {
		t.Fatalf("group message %+v chat %+v", m, m.Chat)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(group, "ok")); err != nil {
		t.Fatal(err)
	}
	if len(srv.Messages(group)) != 1 {
		t.Fatal("group message not stored")
	}
}

func TestWaitForAndSubscribe(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	events, cancel := srv.Subscribe()
	defer cancel()

	ctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	go func() {
		time.Sleep(50 * time.Millisecond)
		sent, _ := bot.Send(tgbotapi.NewMessage(alice.ID, "đang xử lý"))
		time.Sleep(50 * time.Millisecond)
		_, _ = bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "xong"))
	}()
	m, err := srv.WaitFor(ctx, alice.ID, func(m Message) bool { return m.Text == "xong" })
	if err != nil || m.Edits != 1 {
		t.Fatalf("WaitFor: %+v %v", m, err)
	}
	// Already there: returns at once.
	if _, err := srv.WaitFor(ctx, alice.ID, func(m Message) bool { return m.Text == "xong" }); err != nil {
		t.Fatal(err)
	}
	short, stop2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop2()
	if _, err := srv.WaitFor(short, alice.ID, func(Message) bool { return false }); err == nil || !strings.Contains(err.Error(), `last: "xong"`) {
		t.Fatalf("WaitFor timeout error: %v", err)
	}

	var kinds []EventKind
	for len(kinds) < 2 {
		select {
		case e := <-events:
			kinds = append(kinds, e.Kind)
		case <-time.After(time.Second):
			t.Fatalf("events so far: %v", kinds)
		}
	}
	if kinds[0] != EventSent || kinds[1] != EventEdited {
		t.Fatalf("events %v", kinds)
	}
	cancel()
	cancel() // idempotent
	if _, open := <-events; open {
		t.Fatal("channel not closed after cancel")
	}
}

func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	_, cancel := srv.Subscribe() // never read
	defer cancel()
	for i := range subscriberBuffer + 10 {
		if _, err := bot.Send(tgbotapi.NewMessage(alice.ID, "n")); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
}
