package sandbox

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// allowedTags maps the Telegram HTML tags the page renders to the tag it
// writes; Telegram's aliases (strong, em, ins, strike, del) become their
// short forms.
var allowedTags = map[string]string{
	"b": "b", "strong": "b",
	"i": "i", "em": "i",
	"u": "u", "ins": "u",
	"s": "s", "strike": "s", "del": "s",
	"code": "code", "pre": "pre", "a": "a", "blockquote": "blockquote",
}

// droppedTags are Telegram tags the page does not render (spoilers,
// custom emoji, dates): the tag goes, its text stays.
var droppedTags = map[string]bool{"span": true, "tg-spoiler": true, "tg-emoji": true, "tg-time": true}

// renderHTML turns Telegram HTML into HTML that is safe to put in the
// page: the allowed tags are written anew without attributes (only a
// link's http, https or mailto href survives), every other tag and all
// text are escaped, entities are decoded and escaped again, and tags are
// balanced. It never fails: the fake already refused bad markup, and
// anything odd that remains is shown as text.
func renderHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	var open []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := tagEnd(s, i)
			if end < 0 {
				b.WriteString("&lt;")
				i++
				continue
			}
			if !writeTag(&b, s[i+1:end], &open) {
				b.WriteString("&lt;")
				i++
				continue
			}
			i = end + 1
		case '&':
			n := entityLen(s[i:])
			if n == 0 {
				b.WriteString("&amp;")
				i++
				continue
			}
			b.WriteString(html.EscapeString(html.UnescapeString(s[i : i+n])))
			i += n
		default:
			j := i
			for j < len(s) && s[j] != '<' && s[j] != '&' {
				j++
			}
			b.WriteString(html.EscapeString(s[i:j]))
			i = j
		}
	}
	for k := len(open) - 1; k >= 0; k-- {
		b.WriteString("</" + open[k] + ">")
	}
	return b.String()
}

// tagEnd returns the index of the '>' closing the tag that starts at
// s[i] == '<', skipping quoted attribute values; -1 if there is none.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			return -1
		case c == '>':
			return j
		}
	}
	return -1
}

// writeTag writes the tag whose inside (between '<' and '>') is in, and
// reports false if it is no tag the page knows, to be shown as text.
func writeTag(b *strings.Builder, in string, open *[]string) bool {
	closing := strings.HasPrefix(in, "/")
	in = strings.TrimPrefix(in, "/")
	nameEnd := strings.IndexAny(in, " \t\r\n/")
	if nameEnd < 0 {
		nameEnd = len(in)
	}
	name := strings.ToLower(in[:nameEnd])
	if droppedTags[name] {
		return true
	}
	tag, ok := allowedTags[name]
	if !ok {
		return false
	}
	if closing {
		for k := len(*open) - 1; k >= 0; k-- {
			if (*open)[k] == tag {
				for j := len(*open) - 1; j >= k; j-- {
					b.WriteString("</" + (*open)[j] + ">")
				}
				*open = (*open)[:k]
				return true
			}
		}
		return true // a stray end tag: nothing to close
	}
	if tag == "a" {
		if href := safeURL(attr(in[nameEnd:], "href")); href != "" {
			b.WriteString(`<a href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer">`)
		} else {
			b.WriteString("<a>")
		}
	} else {
		b.WriteString("<" + tag + ">")
	}
	*open = append(*open, tag)
	return true
}

// attr returns the (entity-decoded) value of attribute name in the
// attribute part of a tag.
func attr(s, name string) string {
	i := 0
	for i < len(s) {
		for i < len(s) && strings.IndexByte(" \t\r\n/", s[i]) >= 0 {
			i++
		}
		start := i
		for i < len(s) && strings.IndexByte(" \t\r\n=/", s[i]) < 0 {
			i++
		}
		key := strings.ToLower(s[start:i])
		if key == "" {
			i++
			continue
		}
		for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			continue
		}
		i++
		for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
			i++
		}
		var val string
		if i < len(s) && (s[i] == '"' || s[i] == '\'') {
			q := s[i]
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				val, i = s[i+1:], len(s)
			} else {
				val, i = s[i+1:i+1+end], i+end+2
			}
		} else {
			vs := i
			for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) < 0 {
				i++
			}
			val = s[vs:i]
		}
		if key == name {
			return html.UnescapeString(val)
		}
	}
	return ""
}

// entityLen is the length of the character reference at the start of s
// ("&amp;", "&#39;", "&#x1F600;"), 0 if there is none.
func entityLen(s string) int {
	semi := strings.IndexByte(s, ';')
	if semi < 2 || semi > 32 {
		return 0
	}
	ref := s[:semi+1]
	if html.UnescapeString(ref) == ref {
		return 0
	}
	return semi + 1
}

// escapeText makes plain text safe for the page.
func escapeText(s string) string { return html.EscapeString(s) }

// safeURL returns u if it is an absolute http, https or mailto URL, else "".
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" {
			return ""
		}
		return p.String()
	case "mailto":
		return p.String()
	}
	return ""
}

// linkPattern finds web addresses in plain text.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"']+`)

// linkify makes plain text safe for the page and its http(s) addresses
// clickable, as chat apps do; punctuation that ends a sentence stays
// outside the link.
func linkify(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range linkPattern.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		for end > start && strings.ContainsRune(".,;:!?)", rune(s[end-1])) {
			end--
		}
		href := safeURL(s[start:end])
		if href == "" {
			continue
		}
		b.WriteString(escapeText(s[last:start]))
		b.WriteString(`<a href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer">`)
		b.WriteString(escapeText(s[start:end]) + "</a>")
		last = end
	}
	b.WriteString(escapeText(s[last:]))
	return b.String()
}
