package sandbox

import (
	"strconv"

	"github.com/fieldbot/fieldbot/zalotest"
)

// zaloIDOf makes up a person's Zalo id: Zalo ids are opaque strings of
// digits, unrelated to Telegram's, so the sandbox gives each person a
// 16-digit one of their own.
func zaloIDOf(userID int64) string { return strconv.FormatInt(5_000_000_000_000_000+userID, 10) }

// zaloUser is how a person appears to the bot on Zalo.
func zaloUser(p *Person) zalotest.User { return zalotest.User{ID: p.ZaloID, Name: p.Name} }

// zaloItem renders one of the bot's Zalo messages. Zalo shows plain text
// (links become clickable in its app, and here) and photos; it has no
// buttons, keyboards or edits.
func zaloItem(key chatKey, m zalotest.Message) item {
	it := item{Kind: "bot", Key: "z" + m.ID, T: m.Date.UnixMicro(), at: m.Date}
	switch m.Kind {
	case zalotest.KindPhoto:
		it.Photo = &fileRef{URL: fileURL(key, m.ID, "photo"), Name: "photo"}
		it.HTML = linkify(m.Caption)
	case zalotest.KindSticker:
		it.Sticker = m.Sticker // the page names it in its language
	default:
		it.HTML = linkify(m.Text)
	}
	return it
}

// zaloPhoto is the image the fake downloaded for a photo message.
func zaloPhoto(msgs []zalotest.Message, msgID, kind string) []byte {
	if kind != "photo" {
		return nil
	}
	for _, m := range msgs {
		if m.ID == msgID && m.Kind == zalotest.KindPhoto {
			return m.Photo
		}
	}
	return nil
}
