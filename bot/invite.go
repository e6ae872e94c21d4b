package bot

import (
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/qr"
)

// QRSize is the side of an invitation's QR image in pixels: a sharp square
// of about 7 cm on an A4 page printed at 180 dpi, and well above what
// Telegram shrinks a photo to on a phone.
const QRSize = 512

// InviteLink is the link that opens the bot with an invitation code:
// Telegram shows a "Start" button which sends "/start CODE" from the person
// who opened it. The code is the stored one, without its dash, so that it
// fits the start payload (at most 64 of A-Z a-z 0-9 _ -).
func InviteLink(username, code string) string {
	return "https://t.me/" + url.PathEscape(username) + "?start=" + url.QueryEscape(code)
}

// invitation renders an invitation's link: the text with the link under it,
// then a QR image of the link with whom it is for and until when under it,
// for a unit to print for a meeting. Without a username (never known before
// getMe) or if the image cannot be drawn, the text as it is.
func (b *Bot) invitation(chat int64, m fieldbot.Message) (fieldbot.Message, []call) {
	inv, name := m.Invite, b.Username()
	if inv == nil || name == "" {
		return m, nil
	}
	p := locale.New(locale.Or(m.Lang, b.opt.Relay.Lang))
	link := InviteLink(name, inv.Code)
	m.Text += "\n\n" + p.HTML("invite.link", "link", link)
	img, err := qr.PNG(link, QRSize)
	if err != nil {
		b.log.Error("cannot draw the invitation's QR code; sending the link alone", "err", err)
		return m, nil
	}
	photo := tgbotapi.NewPhoto(chat, tgbotapi.FileBytes{Name: "moi-" + inv.Code + ".png", Bytes: img})
	photo.Caption = fieldbot.TruncateRunes(p.T("invite.qr_caption", "name", inv.Name, "bot", "@"+name,
		"code", fieldbot.FormatInviteCode(inv.Code), "expires", locale.FormatDateTime(inv.Expires.In(b.opt.Relay.Location()))), maxCaption)
	return m, []call{{c: photo, part: partQR}}
}
