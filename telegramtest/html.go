package telegramtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entity is a MessageEntity as Telegram returns it; offsets and lengths
// count UTF-16 code units, like Telegram.
type entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
	UnixTime      int64  `json:"unix_time,omitempty"`
}

// htmlTags maps each tag Telegram's HTML parse mode supports to the entity
// type it produces. Anything else (<br>, <p>, <div>...) is refused.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
	"tg-time":    "date_time",
}

// htmlError formats a parse failure the way Telegram words it.
func htmlError(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

type openTag struct {
	name  string
	start int // UTF-16 offset in the output where the tag's text starts
	ent   entity
}

// parseHTML parses Telegram-flavoured HTML into plain text and entities,
// following the rules and error messages of Telegram's parser (tdlib). It is
// stricter than Telegram in one way, on purpose: a bare '&' or '>' that is
// not part of an entity is an error, because Telegram would show it
// literally and that always means the sender forgot to escape.
func parseHTML(s string) (string, []entity, error) {
	var out strings.Builder
	out.Grow(len(s))
	u16 := 0
	var stack []openTag
	var ents []entity
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '&':
			r, n, ok := decodeEntity(s[i:])
			if !ok {
				return "", nil, htmlError("Unescaped \"&\" at byte offset %d; write &amp;", i)
			}
			out.WriteRune(r)
			u16 += utf16Len(r)
			i += n
		case '>':
			return "", nil, htmlError("Unescaped \">\" at byte offset %d; write &gt;", i)
		case '<':
			next, err := parseTag(s, i, u16, &stack, &ents)
			if err != nil {
				return "", nil, err
			}
			i = next
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			out.WriteString(s[i : i+size])
			u16 += utf16Len(r)
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, htmlError("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	slices.SortStableFunc(ents, func(a, b entity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	return out.String(), ents, nil
}

// parseTag handles the tag starting at s[begin] == '<' and returns the index
// just after it.
func parseTag(s string, begin, u16 int, stack *[]openTag, ents *[]entity) (int, error) {
	i := begin + 1
	if i < len(s) && s[i] == '/' {
		return parseEndTag(s, begin, u16, stack, ents)
	}
	nameStart := i
	for i < len(s) && s[i] != '>' && !isHTMLSpace(s[i]) {
		i++
	}
	name := strings.ToLower(s[nameStart:i])
	typ, ok := htmlTags[name]
	if !ok {
		return 0, htmlError("Unsupported start tag \"%s\" at byte offset %d", name, begin)
	}
	attrs := map[string]string{}
	for {
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return 0, htmlError("Unclosed start tag at byte offset %d", begin)
		}
		if s[i] == '>' {
			i++
			break
		}
		attrStart := i
		for i < len(s) && (isAlnum(s[i]) || s[i] == '-' || s[i] == '_') {
			i++
		}
		attr := strings.ToLower(s[attrStart:i])
		if attr == "" {
			return 0, htmlError("Empty attribute name in the tag \"%s\" at byte offset %d", name, begin)
		}
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] != '=' { // a value-less attribute such as <blockquote expandable>
			attrs[attr] = ""
			continue
		}
		i++
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return 0, htmlError("Unclosed start tag at byte offset %d", begin)
		}
		var value string
		if q := s[i]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return 0, htmlError("Unclosed start tag at byte offset %d", begin)
			}
			value = decodeEntitiesLenient(s[i+1 : i+1+end])
			i += end + 2
		} else {
			vStart := i
			for i < len(s) && s[i] != '>' && !isHTMLSpace(s[i]) {
				i++
			}
			value = decodeEntitiesLenient(s[vStart:i])
		}
		attrs[attr] = value
	}
	ent := entity{Type: typ}
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return 0, htmlError("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
		}
	case "a":
		ent.URL = attrs["href"]
	case "code":
		ent.Language, _ = strings.CutPrefix(attrs["class"], "language-")
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			ent.Type = "expandable_blockquote"
		}
	case "tg-emoji":
		ent.CustomEmojiID = attrs["emoji-id"]
		if ent.CustomEmojiID == "" {
			return 0, htmlError("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", begin)
		}
	case "tg-time":
		t, err := strconv.ParseInt(attrs["unix"], 10, 64)
		if err != nil {
			return 0, htmlError("Tag \"tg-time\" must have an integer attribute \"unix\" at byte offset %d", begin)
		}
		ent.UnixTime = t
	}
	*stack = append(*stack, openTag{name: name, start: u16, ent: ent})
	return i, nil
}

func parseEndTag(s string, begin, u16 int, stack *[]openTag, ents *[]entity) (int, error) {
	i := begin + 2
	nameStart := i
	for i < len(s) && s[i] != '>' && !isHTMLSpace(s[i]) {
		i++
	}
	name := strings.ToLower(s[nameStart:i])
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '>' {
		return 0, htmlError("Unclosed end tag at byte offset %d", begin)
	}
	i++
	if len(*stack) == 0 {
		return 0, htmlError("Unexpected end tag at byte offset %d", begin)
	}
	top := (*stack)[len(*stack)-1]
	if name != top.name {
		return 0, htmlError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, name)
	}
	*stack = (*stack)[:len(*stack)-1]
	e := top.ent
	e.Offset, e.Length = top.start, u16-top.start
	// <pre><code class="language-go"> is one pre entity with a language.
	if top.name == "code" && len(*stack) > 0 && (*stack)[len(*stack)-1].name == "pre" {
		if e.Language != "" {
			(*stack)[len(*stack)-1].ent.Language = e.Language
		}
		return i, nil
	}
	if e.Type == "code" {
		e.Language = "" // only a pre entity carries a language
	}
	if e.Length > 0 && (e.Type != "text_link" || e.URL != "") {
		*ents = append(*ents, e)
	}
	return i, nil
}

// decodeEntity decodes the HTML entity at the start of s: the four named
// ones Telegram supports and numeric ones. ok is false for anything else.
func decodeEntity(s string) (r rune, n int, ok bool) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0, false
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "amp":
		return '&', end + 1, true
	case "quot":
		return '"', end + 1, true
	}
	if num, isNum := strings.CutPrefix(name, "#"); isNum {
		base := 10
		if hex, isHex := strings.CutPrefix(num, "x"); isHex {
			num, base = hex, 16
		} else if hex, isHex := strings.CutPrefix(num, "X"); isHex {
			num, base = hex, 16
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err != nil || v == 0 || v > utf8.MaxRune {
			return 0, 0, false
		}
		return rune(v), end + 1, true
	}
	return 0, 0, false
}

// decodeEntitiesLenient decodes the entities it knows and keeps the rest
// as written; used for attribute values and for StripHTML.
func decodeEntitiesLenient(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n, ok := decodeEntity(s[i:]); ok {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// StripHTML turns Telegram HTML into the text a user sees: tags removed,
// entities decoded. Unlike the validating parser it never fails; malformed
// input is stripped on a best-effort basis.
func StripHTML(s string) string {
	if plain, _, err := parseHTML(s); err == nil {
		return plain
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '<' {
			if end := strings.IndexByte(s[i:], '>'); end >= 0 {
				i += end
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return decodeEntitiesLenient(b.String())
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// utf16Len is the number of UTF-16 code units of r; Telegram measures text
// and entity offsets in them.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Count counts the UTF-16 code units of s.
func utf16Count(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}
