package zalo

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// maxText is Zalo's limit for one message's text (and a caption).
const maxText = 2000

// tags are the HTML tags our messages use; Zalo shows plain text.
var tags = regexp.MustCompile(`</?(b|i|code)>`)

// plain turns our HTML into the text Zalo shows.
func plain(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, "")) }

// texts renders a neutral message as the texts Zalo sends: options become
// a numbered list with a hint to type a number (the engine accepts the
// number, the label or, for commands, the word), split at line breaks
// under 2000 characters.
func texts(p *locale.Printer, m fieldbot.Message) []string {
	text := plain(m.Text)
	if len(m.Options) > 0 {
		var b strings.Builder
		b.WriteString(text)
		nums := make([]string, len(m.Options))
		for i, o := range m.Options {
			nums[i] = strconv.Itoa(i + 1)
			b.WriteString("\n" + nums[i] + ". " + o.Label)
		}
		b.WriteString("\n" + p.T("zalo.type_number", "numbers", list(p, nums)))
		text = b.String()
	}
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return fieldbot.SplitLines(text, maxText)
}

// list writes "1, 2 hoặc 3".
func list(p *locale.Printer, items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + p.T("zalo.or") + " " + items[len(items)-1]
}
