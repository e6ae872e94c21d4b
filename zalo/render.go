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

// texts renders a neutral message as the texts Zalo sends, split at line
// breaks under 2000 characters. Options that are picks become a numbered
// list with a hint to type a number; options with a Word (the ways around
// a typed question: skip, back, cancel) are named as words to type, so a
// number typed under a question whose answer is a number is that answer.
func texts(p *locale.Printer, m fieldbot.Message) []string {
	text := plain(m.Text)
	var b strings.Builder
	b.WriteString(text)
	var nums, words []string
	for _, o := range m.Options {
		if o.Word != "" {
			words = append(words, o.Word)
			continue
		}
		nums = append(nums, strconv.Itoa(len(nums)+1))
		b.WriteString("\n" + nums[len(nums)-1] + ". " + o.Label)
	}
	if len(nums) > 0 {
		b.WriteString("\n" + p.T("zalo.type_number", "numbers", list(p, nums)))
	}
	switch {
	case len(words) > 0 && len(nums) > 0:
		b.WriteString("\n" + p.T("zalo.type_words", "words", strings.Join(words, " · ")))
	case len(words) > 0:
		b.WriteString("\n" + p.T("zalo.answer_words", "words", strings.Join(words, " · ")))
	}
	text = b.String()
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
