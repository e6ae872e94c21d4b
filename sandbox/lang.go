package sandbox

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot/locale"
)

// The page's texts live in the locale catalog, under these prefixes
// (role names are the bot's own).
var textPrefixes = []string{"sandbox.", "role."}

// pageLang is the language the page asks for with lang=vi|en, else the
// configured one. The browser's Accept-Language is not consulted: the
// page speaks the bot's language until the person picks another.
func (s *Server) pageLang(r *http.Request) locale.Lang {
	if l, err := locale.ParseLang(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	return s.lang
}

// printer speaks a request's language: lang in the query, else lang in
// the body (body), else the best of Accept-Language, else the configured
// language.
func (s *Server) printer(r *http.Request, body string) *locale.Printer {
	for _, v := range []string{r.URL.Query().Get("lang"), body} {
		if l, err := locale.ParseLang(v); err == nil {
			return locale.New(l)
		}
	}
	if l, ok := acceptLang(r.Header.Get("Accept-Language")); ok {
		return locale.New(l)
	}
	return locale.New(s.lang)
}

// acceptLang picks the supported language an Accept-Language header likes
// best ("en-US,en;q=0.9,vi;q=0.8" is English); ties go to the first.
func acceptLang(header string) (locale.Lang, bool) {
	var best locale.Lang
	bestQ := 0.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				continue
			}
			q = f
		}
		l, err := locale.ParseLang(tag)
		if err != nil || q <= bestQ {
			continue
		}
		best, bestQ = l, q
	}
	return best, bestQ > 0
}

// texts serves the page's texts in the language it asks for, as a map of
// catalog key to template: the page fills in the {placeholders} itself.
func (s *Server) texts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, locale.New(s.pageLang(r)).Texts(textPrefixes...))
}

// problem is a refusal the API explains in the request's language: a
// status, a catalog key and its name/value pairs.
type problem struct {
	status int
	key    string
	args   []string
}

func badRequest(key string, args ...string) *problem {
	return &problem{http.StatusBadRequest, key, args}
}

// write answers with the problem, in pr's language.
func (p *problem) write(w http.ResponseWriter, pr *locale.Printer) {
	writeError(w, p.status, pr.T(p.key, p.args...))
}
