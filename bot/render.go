package bot

import (
	"strconv"
	"unicode/utf8"

	"github.com/fieldbot/fieldbot"
)

// maxText is Telegram's limit for one message's text.
const maxText = 4096

// renderJSON turns a neutral message into the bodies of the sendMessage
// calls that carry it (jsonapi.go): HTML text split at line boundaries,
// options as an inline keyboard on the last part, a share-phone button as
// a reply keyboard. It writes the JSON the library's types marshal to
// (render in render_test.go builds those types), without building them
// and marshalling them by reflection for every reply.
func renderJSON(chat int64, m fieldbot.Message) [][]byte {
	parts := fieldbot.SplitLines(m.Text, maxText)
	out := make([][]byte, len(parts))
	for i, p := range parts {
		b := make([]byte, 0, len(p)+64+markupSize(m, i == len(parts)-1))
		b = append(b, `{"chat_id":`...)
		b = strconv.AppendInt(b, chat, 10)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, p)
		b = append(b, `,"parse_mode":"HTML"`...)
		if i == len(parts)-1 {
			b = appendMarkup(b, m)
		}
		out[i] = append(b, '}')
	}
	return out
}

// markupSize is about how many bytes the markup of a part takes.
func markupSize(m fieldbot.Message, last bool) int {
	if !last {
		return 0
	}
	n := 64 + len(m.AskContact)
	for _, o := range m.Options {
		n += len(o.Label) + len(o.Data) + 40
	}
	return n
}

// appendMarkup appends the reply_markup member render puts on the last
// part, if any, as the library's markup types marshal.
func appendMarkup(b []byte, m fieldbot.Message) []byte {
	switch {
	case len(m.Options) > 0:
		columns := max(m.Columns, 1)
		b = append(b, `,"reply_markup":{"inline_keyboard":[`...)
		for i, o := range m.Options {
			switch {
			case i == 0:
				b = append(b, '[')
			case i%columns == 0:
				b = append(b, "],["...)
			default:
				b = append(b, ',')
			}
			b = append(b, `{"text":`...)
			b = appendJSONString(b, o.Label)
			b = append(b, `,"callback_data":`...)
			b = appendJSONString(b, o.Data)
			b = append(b, '}')
		}
		return append(b, "]]}"...)
	case m.AskContact != "":
		b = append(b, `,"reply_markup":{"keyboard":[[{"text":`...)
		b = appendJSONString(b, m.AskContact)
		return append(b, `,"request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}`...)
	case m.ClearKeyboard:
		return append(b, `,"reply_markup":{"remove_keyboard":true}`...)
	}
	return b
}

// appendJSONString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: invalid UTF-8 becomes U+FFFD, and U+2028 and
// U+2029 are escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
