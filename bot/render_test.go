package bot

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
)

// render is renderJSON as the library's types, as the bot sent messages
// before it wrote their JSON itself: what renderJSON must marshal to.
func render(chat int64, m fieldbot.Message) []tgbotapi.MessageConfig {
	parts := fieldbot.SplitLines(m.Text, maxText)
	out := make([]tgbotapi.MessageConfig, len(parts))
	for i, p := range parts {
		out[i] = tgbotapi.NewMessage(chat, p)
		out[i].ParseMode = tgbotapi.ModeHTML
	}
	last := &out[len(out)-1]
	switch {
	case len(m.Options) > 0:
		last.ReplyMarkup = keyboard(m.Options, m.Columns)
	case m.AskContact != "":
		kb := tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact(m.AskContact)))
		kb.ResizeKeyboard, kb.OneTimeKeyboard = true, true
		last.ReplyMarkup = kb
	case m.ClearKeyboard:
		last.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	}
	return out
}

func keyboard(opts []fieldbot.Option, columns int) tgbotapi.InlineKeyboardMarkup {
	if columns < 1 {
		columns = 1
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for i := 0; i < len(opts); i += columns {
		var row []tgbotapi.InlineKeyboardButton
		for _, o := range opts[i:min(i+columns, len(opts))] {
			row = append(row, tgbotapi.NewInlineKeyboardButtonData(o.Label, o.Data))
		}
		rows = append(rows, row)
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...)
}
