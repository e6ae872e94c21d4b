package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Telegram's length limits, in UTF-16 code units after entity parsing.
const (
	maxTextLen     = 4096
	maxCaptionLen  = 1024
	maxCallbackLen = 200
)

// formatted is a message text or caption after entity parsing: what the
// user sees (plain) and the formatting on top of it.
type formatted struct {
	plain    string
	entities []entity
}

// formatText parses raw according to parseMode, or takes entitiesJSON as
// the formatting when no parse mode is given, and trims surrounding
// whitespace the way Telegram does.
func formatText(raw, parseMode, entitiesJSON string) (formatted, *apiError) {
	var f formatted
	var err error
	switch strings.ToLower(parseMode) {
	case "":
		f.plain = raw
		if entitiesJSON != "" {
			if jerr := json.Unmarshal([]byte(entitiesJSON), &f.entities); jerr != nil {
				return f, badRequest("can't parse entities JSON object")
			}
		}
	case "html":
		f.plain, f.entities, err = parseHTML(raw)
	case "markdownv2":
		f.plain, err = parseMarkdownV2(raw)
	case "markdown":
		f.plain = strings.NewReplacer("*", "", "_", "", "`", "").Replace(raw)
	default:
		return f, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return f, badRequest("can't parse entities: " + err.Error())
	}
	f.plain, f.entities = trimFormatted(f.plain, f.entities)
	return f, nil
}

// trimFormatted strips leading and trailing white space and moves the
// entities with the text, as Telegram does before storing a message.
func trimFormatted(plain string, ents []entity) (string, []entity) {
	left := strings.TrimLeftFunc(plain, unicode.IsSpace)
	lead := utf16Count(plain[:len(plain)-len(left)])
	out := strings.TrimRightFunc(left, unicode.IsSpace)
	if lead == 0 && len(out) == len(plain) {
		return plain, ents
	}
	total := utf16Count(out)
	var kept []entity
	for _, e := range ents {
		start, end := max(e.Offset-lead, 0), min(e.Offset-lead+e.Length, total)
		if end > start {
			e.Offset, e.Length = start, end-start
			kept = append(kept, e)
		}
	}
	return out, kept
}

// parseMarkdownV2 is a partial MarkdownV2 parser: it enforces the rule
// people break most (reserved characters must be escaped) and returns the
// text without markup. It computes no entities.
func parseMarkdownV2(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] < 127:
			i++
			b.WriteByte(s[i])
		case c == '>' && (i == 0 || s[i-1] == '\n'): // block quotation
		case strings.IndexByte("#+-={}.!>", c) >= 0 && !(c == '!' && i+1 < len(s) && s[i+1] == '['):
			return "", fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		case strings.IndexByte("*_~|`", c) >= 0:
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
