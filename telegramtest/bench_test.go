package telegramtest

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// BenchmarkSendMessage measures one HTML sendMessage with an inline
// keyboard through the real client, the commonest call of a conversation
// step.
func BenchmarkSendMessage(b *testing.B) {
	srv := New(testToken)
	defer srv.Close()
	srv.AddUser(alice)
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.URL()+"/bot%s/%s", srv.ts.Client())
	if err != nil {
		b.Fatal(err)
	}
	msg := tgbotapi.NewMessage(alice.ID, "<b>Số việc</b> có điều kiện: 120")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = keyboard("ok", "back")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := bot.Send(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}
