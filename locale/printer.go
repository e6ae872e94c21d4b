package locale

import "strings"

// Printer renders catalog messages in one language. It is safe for
// concurrent use.
type Printer struct {
	lang Lang
	msgs map[string]string
}

var catalogs = map[Lang]map[string]string{
	VI: viMessages,
	EN: enMessages,
}

// New returns a Printer for lang; an unsupported lang gives Vietnamese.
func New(lang Lang) *Printer {
	if !lang.valid() {
		lang = VI
	}
	return &Printer{lang: lang, msgs: catalogs[lang]}
}

// Lang returns the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// Texts returns the messages whose keys start with one of prefixes, as
// they are in the catalog: placeholders stay "{name}", for a page that
// fills them itself. Keys keep their prefix.
func (p *Printer) Texts(prefixes ...string) map[string]string {
	out := map[string]string{}
	for key, msg := range p.msgs {
		for _, prefix := range prefixes {
			if strings.HasPrefix(key, prefix) {
				out[key] = msg
				break
			}
		}
	}
	return out
}

// T returns the message for key with its placeholders replaced: kv holds
// name/value pairs, T("onboard.greet", "name", "Nguyễn Văn An", …). Values
// are inserted as they are, without escaping. A placeholder without a value
// stays visible ("{name}"); a trailing name without a value is ignored; an
// unknown key returns the key itself.
func (p *Printer) T(key string, kv ...string) string {
	return p.render(key, kv, false)
}

// HTML is T for Telegram's HTML parse mode: each substituted value is
// HTML-escaped (see Escape). The templates themselves contain no markup.
func (p *Printer) HTML(key string, kv ...string) string {
	return p.render(key, kv, true)
}

func (p *Printer) render(key string, kv []string, html bool) string {
	tmpl, ok := p.msgs[key]
	if !ok {
		if html {
			return Escape(key)
		}
		return key
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			break
		}
		end += open
		name := tmpl[open+1 : end]
		val, found := lookup(kv, name)
		if !isPlaceholder(name) || !found {
			b.WriteString(tmpl[:open+1])
			tmpl = tmpl[open+1:]
			continue
		}
		b.WriteString(tmpl[:open])
		if html {
			val = Escape(val)
		}
		b.WriteString(val)
		tmpl = tmpl[end+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

func lookup(kv []string, name string) (string, bool) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == name {
			return kv[i+1], true
		}
	}
	return "", false
}

// isPlaceholder reports whether name is a placeholder name: [a-z0-9_]+.
func isPlaceholder(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// placeholders returns the placeholder names used in tmpl, in order of first
// appearance.
func placeholders(tmpl string) []string {
	var names []string
	seen := map[string]bool{}
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			return names
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			return names
		}
		name := tmpl[open+1 : open+end]
		if isPlaceholder(name) && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		tmpl = tmpl[open+1:]
	}
}

var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;")

// Escape escapes s for Telegram's HTML parse mode: < > & and ".
func Escape(s string) string { return htmlEscaper.Replace(s) }
