package bot

import (
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
)

// maxText is Telegram's limit for one message's text.
const maxText = 4096

// render turns a neutral message into the Telegram messages that carry it:
// HTML text split at line boundaries, options as an inline keyboard on the
// last part, a share-phone button as a reply keyboard.
func render(chat int64, m fieldbot.Message) []tgbotapi.MessageConfig {
	parts := split(m.Text, maxText)
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

// split cuts text into parts of at most limit characters, at line breaks
// where possible. Our HTML tags never span lines, so no tag is cut open.
func split(text string, limit int) []string {
	if text == "" {
		return []string{"…"}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		for utf8.RuneCountInString(line) > limit { // one line longer than a message
			flush()
			r := []rune(line)
			parts = append(parts, string(r[:limit]))
			line = string(r[limit:])
		}
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line) > limit {
			flush()
		}
		cur.WriteString(line)
	}
	flush()
	for i := range parts {
		parts[i] = strings.TrimRight(parts[i], "\n")
		if parts[i] == "" {
			parts[i] = "…"
		}
	}
	return parts
}
