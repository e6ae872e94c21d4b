// Package telegramtest is a fake Telegram Bot API server for tests and for
// the browser sandbox. The real client (go-telegram-bot-api v5) talks to it
// exactly as to Telegram:
//
//	srv := telegramtest.New("123:abc")
//	defer srv.Close()
//	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token, srv.URL()+"/bot%s/%s", http.DefaultClient)
//
// Every request is checked against the Bot API description embedded from
// api.json (MIT, see API_LICENSE) and against the rules Telegram enforces
// on top of it (text and caption lengths, HTML markup, button data, command
// names, known chats, "message is not modified"). Refused requests answer
// like Telegram and are recorded, so a test can assert that the bot made
// no invalid call: len(srv.Rejections()) == 0.
//
// The fake is deliberately stricter than Telegram in two places: unknown
// parameters are refused (Telegram ignores them, hiding typos), and in HTML
// a bare '&' or '>' is refused (Telegram shows it literally). Parameters
// that newer API versions renamed but Telegram still accepts, which the v5
// client sends (reply_to_message_id, disable_web_page_preview, thumb...),
// are accepted.
//
// People are simulated with SendText, SendContact, PressButton and friends;
// what the bot did is observed with Messages, WaitFor, CallbackAnswers and
// Subscribe; FailNext, SetRateLimits and SetBlocked inject failures. A
// webhook set with setWebhook gets the updates posted to it instead of
// getUpdates (webhook.go): Redeliver repeats one, DeliverWithSecret posts
// one with any secret header, Deliveries lists the attempts.
package telegramtest
