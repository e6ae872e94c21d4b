package sandbox

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/fieldbot/fieldbot/locale"
)

// getJSON GETs path and decodes the answer into v.
func (r *rig) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	code, raw := r.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, raw)
	}
}

// withLang replaces the rig's sandbox by one whose configured language is
// lang.
func (r *rig) withLang(t *testing.T, lang locale.Lang) {
	t.Helper()
	r.sb = New(Options{TG: r.tg, People: []Person{an, binh, minh}, Lang: lang,
		Actions: []Action{{ID: "digest", Key: "sandbox.digest_now"}}})
	r.web.Close()
	r.web = httptest.NewServer(r.sb)
	t.Cleanup(r.web.Close)
}

func TestTextsInBothLanguages(t *testing.T) {
	r := newRig(t)
	var vi, en, def map[string]string
	r.getJSON(t, "/api/texts?lang=vi", &vi)
	r.getJSON(t, "/api/texts?lang=en-US", &en)
	r.getJSON(t, "/api/texts", &def)
	if len(vi) < 40 || !slices.Equal(slices.Sorted(maps.Keys(vi)), slices.Sorted(maps.Keys(en))) {
		t.Fatalf("%d Vietnamese texts, %d English, not the same keys", len(vi), len(en))
	}
	for key, v := range vi {
		if v == "" || v == en[key] {
			t.Errorf("%s: vi %q, en %q", key, v, en[key])
		}
	}
	if vi["sandbox.send"] != "Gửi" || en["sandbox.send"] != "Send" || en["role.leader"] != "Leader" {
		t.Errorf("send %q/%q, leader %q", vi["sandbox.send"], en["sandbox.send"], en["role.leader"])
	}
	if !maps.Equal(def, vi) {
		t.Error("without lang, the texts are not the configured language's (Vietnamese)")
	}

	// A bot configured in English shows the page in English until asked
	// otherwise; the browser's Accept-Language does not choose the page's
	// language.
	r.withLang(t, locale.EN)
	req, _ := http.NewRequest(http.MethodGet, r.web.URL+"/api/texts", nil)
	req.Header.Set("Accept-Language", "vi-VN,vi;q=0.9")
	code, raw := r.do(t, req)
	var got map[string]string
	if code != http.StatusOK || json.Unmarshal(raw, &got) != nil || !maps.Equal(got, en) {
		t.Errorf("texts of an English bot: %d %.200s", code, raw)
	}
	r.getJSON(t, "/api/texts?lang=vi", &got)
	if !maps.Equal(got, vi) {
		t.Error("lang=vi does not give the Vietnamese texts on an English bot")
	}
	var meta struct {
		Lang        string
		DefaultLang string `json:"default_lang"`
	}
	r.getJSON(t, "/api/meta", &meta)
	if meta.Lang != "en" || meta.DefaultLang != "en" {
		t.Errorf("meta of an English bot: %+v", meta)
	}
}

func TestErrorsInRequestLanguage(t *testing.T) {
	const vi, en = "tin nhắn trống", "the message is empty"
	r := newRig(t)
	for _, tc := range []struct {
		name, query, body, accept, want string
	}{
		{"nothing: the configured language", "", "", "", vi},
		{"query", "?lang=en", "", "", en},
		{"body", "", "en", "", en},
		{"Accept-Language", "", "", "en-US,en;q=0.9,vi;q=0.8", en},
		{"Accept-Language preferring vi", "", "", "fr-FR, en;q=0.5, vi;q=0.7", vi},
		{"query before Accept-Language", "?lang=vi", "", "en", vi},
		{"query before body", "?lang=en", "vi", "", en},
		{"unknown lang", "?lang=fr", "", "", vi},
	} {
		body := `{"user":100001,"text":"  ","lang":"` + tc.body + `"}`
		req, _ := http.NewRequest(http.MethodPost, r.web.URL+"/api/send"+tc.query, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		code, raw := r.do(t, req)
		var e struct{ Error string }
		if code != http.StatusBadRequest || json.Unmarshal(raw, &e) != nil || e.Error != tc.want {
			t.Errorf("%s: %d %s, want %q", tc.name, code, raw, tc.want)
		}
	}

	// GET errors, and refusals before the body is read, too.
	for path, want := range map[string]string{
		"/api/chat?user=abc&lang=en":                     "missing or invalid user id (user)",
		"/api/chat?user=abc&lang=vi":                     "thiếu hoặc sai mã người dùng (user)",
		"/api/chat?user=42&lang=en":                      "no user 42 in the list",
		"/api/chat?user=1&channel=zalo&lang=en":          "this page has no fake Zalo",
		"/api/file?user=100001&msg=1&lang=en":            "msg (a message id) and kind=photo or kind=document are required",
		"/api/file?user=100001&msg=1&kind=photo&lang=vi": "không có tệp này",
	} {
		code, raw := r.get(t, path)
		var e struct{ Error string }
		if code < 400 || json.Unmarshal(raw, &e) != nil || e.Error != want {
			t.Errorf("GET %s: %d %s, want %q", path, code, raw, want)
		}
	}
	for lang, want := range map[string]string{"en": "requests from other sites are refused", "vi": "không nhận yêu cầu từ trang khác"} {
		req, _ := http.NewRequest(http.MethodPost, r.web.URL+"/api/send?lang="+lang, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "http://evil.example")
		code, raw := r.do(t, req)
		var e struct{ Error string }
		if code != http.StatusForbidden || json.Unmarshal(raw, &e) != nil || e.Error != want {
			t.Errorf("cross-site refusal in %s: %d %s", lang, code, raw)
		}
	}

	// A bot configured in English answers in English when nothing is said.
	r.withLang(t, locale.EN)
	if code, raw := r.post(t, "/api/send", map[string]any{"user": an.UserID, "text": ""}); code != http.StatusBadRequest || !strings.Contains(string(raw), en) {
		t.Errorf("English bot: %d %s", code, raw)
	}
}

// The "/" menu lists what each role may use, as conversation.Menu has it:
// an officer has neither /moi (/invite) nor /tonghop (/digest); a leader
// has both.
func TestMenusByRole(t *testing.T) {
	r := newRig(t)
	for _, tc := range []struct {
		lang                 locale.Lang
		report, invite, dig  string
		reportDesc, actLabel string
	}{
		{locale.VI, "baocao", "moi", "tonghop", "Báo cáo số liệu kỳ này", "📊 Gửi bản tổng hợp ngay"},
		{locale.EN, "report", "invite", "digest", locale.New(locale.EN).T("cmd.report"), "📊 Send the digest now"},
	} {
		var meta struct {
			Lang    string
			Actions []actionView
			Menus   map[string][]command
		}
		r.getJSON(t, "/api/meta?lang="+string(tc.lang), &meta)
		names := func(role string) []string {
			var out []string
			for _, c := range meta.Menus[role] {
				out = append(out, c.Command)
			}
			return out
		}
		officer, leader, admin := names("officer"), names("leader"), names("admin")
		if meta.Lang != string(tc.lang) || len(officer) == 0 || officer[0] != tc.report || meta.Menus["officer"][0].Description != tc.reportDesc {
			t.Errorf("%s: lang %q, officer's menu %+v", tc.lang, meta.Lang, meta.Menus["officer"])
		}
		if slices.Contains(officer, tc.invite) || slices.Contains(officer, tc.dig) {
			t.Errorf("%s: the officer's menu %v has /%s or /%s", tc.lang, officer, tc.invite, tc.dig)
		}
		for role, list := range map[string][]string{"leader": leader, "admin": admin} {
			if !slices.Contains(list, tc.invite) || !slices.Contains(list, tc.dig) || !slices.Contains(list, tc.report) {
				t.Errorf("%s: the %s's menu %v lacks /%s, /%s or /%s", tc.lang, role, list, tc.invite, tc.dig, tc.report)
			}
		}
		if !slices.Contains(admin, map[locale.Lang]string{locale.VI: "moky", locale.EN: "reopen"}[tc.lang]) || slices.Contains(leader, "moky") || slices.Contains(leader, "reopen") {
			t.Errorf("%s: reopening: leader %v, admin %v", tc.lang, leader, admin)
		}
		if len(meta.Actions) != 1 || meta.Actions[0].Label != tc.actLabel {
			t.Errorf("%s: actions %+v", tc.lang, meta.Actions)
		}
	}
}

func TestAcceptLang(t *testing.T) {
	for header, want := range map[string]locale.Lang{
		"en-US,en;q=0.9": locale.EN, "vi": locale.VI, "fr, en;q=0.2, vi;q=0.3": locale.VI,
		"en;q=0.8, vi-VN;q=0.8": locale.EN, "EN_gb": locale.EN, "": "", "fr-FR, *;q=0.5": "", "en;q=0": "", "en;q=x": "",
	} {
		got, ok := acceptLang(header)
		if got != want || ok != (want != "") {
			t.Errorf("acceptLang(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
}

// isVietnameseLetter reports whether r is a Latin letter beyond ASCII,
// as Vietnamese words have and English ones do not.
func isVietnameseLetter(r rune) bool { return r > unicode.MaxASCII && unicode.Is(unicode.Latin, r) }

// The page's words all come from the catalog: the script has none of its
// own, every key it or the page names exists in both languages, and every
// Vietnamese text in index.html (its defaults before the script runs)
// belongs to an element the script fills from the catalog.
func TestPageTextsFromCatalog(t *testing.T) {
	vi, en := locale.New(locale.VI).Texts(textPrefixes...), locale.New(locale.EN).Texts(textPrefixes...)
	check := func(file, key string) {
		if vi[key] == "" || en[key] == "" {
			t.Errorf("%s names %s, which the catalog lacks (vi %q, en %q)", file, key, vi[key], en[key])
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	js := read("static/app.js")
	for i, line := range strings.Split(js, "\n") {
		if strings.ContainsFunc(line, isVietnameseLetter) {
			t.Errorf("app.js:%d has words of its own: %s", i+1, strings.TrimSpace(line))
		}
	}
	keys := regexp.MustCompile(`'((?:sandbox|role)\.[a-z_]+)'`).FindAllStringSubmatch(js, -1)
	if len(keys) < 20 {
		t.Fatalf("app.js names only %d catalog keys", len(keys))
	}
	for _, m := range keys {
		check("app.js", m[1])
	}

	page := read("static/index.html")
	for _, m := range regexp.MustCompile(`data-t(?:-[a-z-]+)?="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		check("index.html", m[1])
	}
	// Walk the tags: text with Vietnamese letters needs an enclosing
	// element with data-t; such an attribute needs data-t-<attribute>.
	tag := regexp.MustCompile(`<(/?)([a-zA-Z0-9]+)([^>]*)>`)
	attr := regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	void := map[string]bool{"meta": true, "link": true, "input": true, "br": true, "img": true}
	type open struct{ name, attrs string }
	var stack []open
	covered := func() bool {
		for _, o := range stack {
			if strings.Contains(o.attrs, ` data-t="`) || o.name == "noscript" {
				return true
			}
		}
		return false
	}
	last := 0
	for _, m := range tag.FindAllStringSubmatchIndex(page, -1) {
		if text := page[last:m[0]]; strings.ContainsFunc(text, isVietnameseLetter) && !covered() {
			t.Errorf("index.html: %q is not filled from the catalog", strings.TrimSpace(text))
		}
		last = m[1]
		closing, name, attrs := page[m[2]:m[3]] == "/", strings.ToLower(page[m[4]:m[5]]), page[m[6]:m[7]]
		if closing {
			if n := len(stack); n > 0 && stack[n-1].name == name {
				stack = stack[:n-1]
			}
			continue
		}
		for _, a := range attr.FindAllStringSubmatch(attrs, -1) {
			if strings.ContainsFunc(a[2], isVietnameseLetter) && !strings.Contains(attrs, ` data-t-`+a[1]+`="`) {
				t.Errorf("index.html: <%s %s=%q> is not filled from the catalog", name, a[1], a[2])
			}
		}
		if !void[name] && name != "html" && name != "head" && name != "body" {
			stack = append(stack, open{name, attrs})
		}
	}

	// And the API's messages.
	files, _ := filepath.Glob("*.go")
	literal := regexp.MustCompile(`"(sandbox\.[a-z_]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		for _, m := range literal.FindAllStringSubmatch(read(f), -1) {
			check(f, m[1])
			n++
		}
	}
	if n < 20 {
		t.Errorf("the API names only %d catalog keys", n)
	}
}

// The page gets the office's time zone, in which it shows every time.
func TestTimeZonePassed(t *testing.T) {
	r := newRig(t)
	var meta struct{ Timezone string }
	r.getJSON(t, "/api/meta", &meta)
	if meta.Timezone != "" {
		t.Errorf("without a location the zone is %q; want the browser's (\"\")", meta.Timezone)
	}
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Skip(err)
	}
	r.sb = New(Options{TG: r.tg, People: []Person{an}, Location: hcm})
	r.web.Close()
	r.web = httptest.NewServer(r.sb)
	t.Cleanup(r.web.Close)
	r.getJSON(t, "/api/meta?lang=en", &meta)
	if meta.Timezone != "Asia/Ho_Chi_Minh" {
		t.Errorf("time zone %q, want Asia/Ho_Chi_Minh", meta.Timezone)
	}
	if zoneName(time.Local) != "" || zoneName(time.UTC) != "UTC" {
		t.Errorf("zoneName(Local) = %q, zoneName(UTC) = %q", zoneName(time.Local), zoneName(time.UTC))
	}
}
