package config

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // a static binary must know Asia/Ho_Chi_Minh without the OS's zoneinfo

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/links"
	"github.com/fieldbot/fieldbot/rules"
)

// Defaults for keys left out of config.toml.
const (
	defaultDataDir   = "data"
	defaultTimezone  = "Asia/Ho_Chi_Minh"
	defaultLanguage  = "vi"
	defaultYearStart = "10-01" // enforcement statistics: 1 October – 30 September
	defaultRoster    = "roster.csv"
	defaultAPIURL    = "https://api.telegram.org"
	defaultListen    = "127.0.0.1:8080" // loopback: the sandbox page is not for the internet
	defaultIdle      = 24 * time.Hour
	defaultGrace     = 12 * time.Hour
	defaultZaloURL   = "https://bot-api.zaloplatforms.com"
)

// validate applies defaults to f and checks it; dir is the config file's
// directory, against which relative paths are resolved.
func (l *loader) validate(f *file, dir string) *Config {
	cfg := &Config{
		DataDir:    resolve(dir, or(f.DataDir, defaultDataDir)),
		Timezone:   or(f.Timezone, defaultTimezone),
		Language:   or(f.Language, defaultLanguage),
		RosterPath: resolve(dir, or(f.Roster, defaultRoster)),
		Telegram: Telegram{Token: f.Telegram.Token, APIURL: or(f.Telegram.APIURL, defaultAPIURL), Mode: or(f.Telegram.Mode, "polling"),
			WebhookListen: f.Telegram.WebhookListen, WebhookURL: f.Telegram.WebhookURL, WebhookSecret: f.Telegram.WebhookSecret,
			Proxy: f.Telegram.Proxy},
		Zalo: Zalo{Token: f.Zalo.Token, APIURL: or(f.Zalo.APIURL, defaultZaloURL), Mode: or(f.Zalo.Mode, "webhook"),
			WebhookListen: f.Zalo.WebhookListen, WebhookURL: f.Zalo.WebhookURL, WebhookSecret: f.Zalo.WebhookSecret,
			PublicURL: f.Zalo.PublicURL, Proxy: f.Zalo.Proxy},
		HTTP:      HTTP{Listen: or(f.HTTP.Listen, defaultListen)},
		Digest:    Digest{Schedule: f.Digest.Schedule, Chats: f.Digest.Chats, Excel: f.Digest.Excel != nil && *f.Digest.Excel},
		Reminders: Reminders{Schedule: f.Reminders.Schedule, Escalate: f.Reminders.Escalate},
		Log:       Log{Format: or(f.Log.Format, "text")},
		Checks:    map[string][]*rules.Expr{},
		Formulas:  map[string][2]*rules.Expr{},
	}
	l.settings(f, cfg)
	l.units(f, cfg)
	l.forms(f, cfg)
	l.indicators(f, cfg)
	l.targets(f, cfg)
	return cfg
}

func (l *loader) settings(f *file, cfg *Config) {
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil || cfg.Timezone == "Local" {
		l.add("timezone", "%q is not a known IANA timezone (e.g. \"Asia/Ho_Chi_Minh\")", cfg.Timezone)
		loc = time.UTC
	}
	ys, err := fieldbot.ParseMonthDay(or(f.YearStart, defaultYearStart))
	if err != nil {
		l.add("year_start", "%q is not a day written MM-DD (e.g. \"10-01\")", f.YearStart)
	}
	cfg.Calendar = fieldbot.Calendar{Location: loc, YearStart: ys}
	cfg.IdleTimeout = defaultIdle
	if f.IdleTimeout != "" {
		d, err := time.ParseDuration(f.IdleTimeout)
		if err != nil || d < time.Minute {
			l.add("idle_timeout", "%q is not a duration of at least a minute, such as \"24h\"", f.IdleTimeout)
		}
		cfg.IdleTimeout = d
	}
	if cfg.Language != "vi" && cfg.Language != "en" {
		l.add("language", "%q is not \"vi\" or \"en\"", cfg.Language)
	}
	if u, err := url.Parse(cfg.Telegram.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.add("telegram.api_url", "%q is not an http:// or https:// URL", cfg.Telegram.APIURL)
	}
	if strings.TrimSpace(cfg.Telegram.Token) != cfg.Telegram.Token {
		l.add("telegram.token", "the token has spaces around it")
	}
	l.telegram(cfg.Telegram)
	l.zalo(cfg.Zalo)
	if t, z := cfg.Telegram, cfg.Zalo; t.Token != "" && z.Token != "" && t.Mode == "webhook" && z.Mode == "webhook" &&
		t.WebhookListen == z.WebhookListen && samePath(t.WebhookURL, z.WebhookURL) {
		l.add("telegram.webhook_url", "%q: Zalo's webhook is served at the same path on the same webhook_listen", t.WebhookURL)
	}
	if err := checkListen(cfg.HTTP.Listen); err != nil {
		l.add("http.listen", "%q is not host:port (e.g. \"127.0.0.1:8080\"): %v", cfg.HTTP.Listen, err)
	}
	if err := checkCron(cfg.Digest.Schedule); err != nil {
		l.add("digest.schedule", "%q: %v", cfg.Digest.Schedule, err)
	}
	if err := checkCron(cfg.Reminders.Schedule); err != nil {
		l.add("reminders.schedule", "%q: %v", cfg.Reminders.Schedule, err)
	}
	if err := checkCron(cfg.Reminders.Escalate); err != nil {
		l.add("reminders.escalate", "%q: %v", cfg.Reminders.Escalate, err)
	}
	cfg.Digest.Grace = defaultGrace
	if f.Digest.Grace != "" {
		d, err := time.ParseDuration(f.Digest.Grace)
		if err != nil || d < 0 {
			l.add("digest.grace", "%q is not a duration such as \"12h\"", f.Digest.Grace)
		}
		cfg.Digest.Grace = d
	}
	cfg.Holidays = map[string]bool{}
	for i, h := range f.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			l.add(fmt.Sprintf("calendar.holidays[%d]", i), "%q is not a date written YYYY-MM-DD (e.g. \"2027-02-16\")", h)
		}
		cfg.Holidays[h] = true
	}
	if cfg.Log.Format != "text" && cfg.Log.Format != "json" {
		l.add("log.format", "%q is not \"text\" or \"json\"", cfg.Log.Format)
	}
	for i, c := range cfg.Digest.Chats {
		if c == 0 {
			l.add(fmt.Sprintf("digest.chats[%d]", i), "0 is not a Telegram chat id (group ids look like -1001234567890)")
		}
	}
}

func checkListen(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// units checks each unit where it is written, then builds the tree.
func (l *loader) units(f *file, cfg *Config) {
	if len(f.Units) == 0 {
		l.add("units", "at least one [[units]] is needed: the root of the organisation")
		return
	}
	byID := map[string]int{}
	before := len(l.problems)
	for i, u := range f.Units {
		key := fmt.Sprintf("units[%d]", i)
		l.uniqueID("units", "unit", i, u.ID, byID)
		if strings.TrimSpace(u.Name) == "" {
			l.add(key+".name", "unit %q has no name", u.ID)
		}
	}
	root := -1
	for i, u := range f.Units {
		key := fmt.Sprintf("units[%d].parent", i)
		switch _, known := byID[u.Parent]; {
		case u.Parent == "" && root >= 0:
			l.add(key, "unit %q has no parent, but %q is already the root: there is one root; give it parent = %q", u.ID, f.Units[root].ID, f.Units[root].ID)
		case u.Parent == "":
			root = i
		case !known:
			l.add(key, "unknown unit %q", u.Parent)
		}
	}
	if root < 0 {
		l.add("units", "every unit has a parent: exactly one, the root, must have none")
	}
	l.cycles(f.Units, byID)
	if len(l.problems) > before {
		return
	}
	units := make([]fieldbot.Unit, len(f.Units))
	for i, u := range f.Units {
		units[i] = fieldbot.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent}
	}
	tree, err := fieldbot.NewTree(units)
	if err != nil { // the checks above should have caught it
		l.add("units", "%v", err)
		return
	}
	cfg.Tree = tree
}

// cycles reports each cycle of parents once, at its first unit.
func (l *loader) cycles(units []unitFile, byID map[string]int) {
	reported := map[int]bool{}
	for i := range units {
		var path []int
		on := map[int]bool{}
		for j, ok := i, true; ok && !reported[j]; j, ok = byID[units[j].Parent] {
			if on[j] {
				var names []string
				for _, k := range path[indexOf(path, j):] {
					names = append(names, units[k].ID)
					reported[k] = true
				}
				names = append(names, units[j].ID)
				l.add(fmt.Sprintf("units[%d].parent", j), "the parents form a cycle: %s", strings.Join(names, " → "))
				break
			}
			on[j] = true
			path = append(path, j)
		}
	}
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// id checks the shape of an identifier and reports it under key.
// uniqueID checks the id of table[i] ("units", "forms", ...) and that no
// earlier entry of the table has it; kind names one entry in messages.
func (l *loader) uniqueID(table, kind string, i int, id string, seen map[string]int) {
	key := fmt.Sprintf("%s[%d].id", table, i)
	if !l.id(key, id) {
		return
	}
	if j, dup := seen[id]; dup {
		l.add(key, "%s %q is already defined at %s[%d]", kind, id, table, j)
		return
	}
	seen[id] = i
}

func (l *loader) id(key, id string) bool {
	if id == "" {
		l.add(key, "missing: an id of a–z, 0–9 and _ is needed")
		return false
	}
	if !fieldbot.ValidID(id) {
		l.add(key, "%q is not a valid id: use a–z, 0–9 and _ only, at most 32 characters", id)
		return false
	}
	return true
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// webhookPath says what is wrong with the path of the webhook's URL, which
// fieldbot serves on webhook_listen beside the public files (links.Prefix),
// or "" when it can be served: it is registered here exactly as the
// channel registers it, so that a path the server cannot take is reported
// now rather than as a panic at start.
func webhookPath(table string, u *url.URL) (msg string) {
	p := u.EscapedPath()
	switch {
	case p == "" || p == "/":
		return "the address needs a path of its own, such as https://fieldbot.example.gov.vn/" + table + "/webhook"
	case strings.HasPrefix(p, links.Prefix) || p+"/" == links.Prefix:
		return fmt.Sprintf("the path may not be under %s, where the public files are served", links.Prefix)
	}
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("the path cannot be served: %v", r)
		}
	}()
	mux := http.NewServeMux()
	mux.Handle("POST "+p, http.NotFoundHandler())
	mux.Handle(links.Prefix, http.NotFoundHandler())
	return ""
}

// zalo checks the [zalo] table. Without a token the channel is off and
// only the shape of what is written is checked.
func (l *loader) zalo(z Zalo) {
	checkURL := func(key, v string, required bool) {
		if v == "" && !required {
			return
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.add(key, "%q is not an http:// or https:// URL", v)
		}
	}
	checkURL("zalo.api_url", z.APIURL, true)
	checkURL("zalo.public_url", z.PublicURL, false)
	if strings.TrimSpace(z.Token) != z.Token {
		l.add("zalo.token", "the token has spaces around it")
	}
	l.proxy("zalo.proxy", z.Proxy)
	switch z.Mode {
	case "polling":
	case "webhook":
		if z.Token == "" {
			return
		}
		l.webhook("zalo", "Zalo", z.WebhookListen, z.WebhookURL)
		if n := len(z.WebhookSecret); n < 8 || n > 256 {
			l.add("zalo.webhook_secret", "must be 8 to 256 characters (it has %d); use a long random string", n)
		}
	default:
		l.add("zalo.mode", "%q is not \"webhook\" or \"polling\"", z.Mode)
	}
}

// telegram checks the [telegram] table's mode, webhook and proxy. Like
// [zalo], without a token only the shape of what is written is checked.
func (l *loader) telegram(t Telegram) {
	l.proxy("telegram.proxy", t.Proxy)
	switch t.Mode {
	case "polling":
	case "webhook":
		if t.Token == "" {
			return
		}
		l.webhook("telegram", "Telegram", t.WebhookListen, t.WebhookURL)
		if !telegramSecret(t.WebhookSecret) {
			l.add("telegram.webhook_secret", "must be 1 to 256 of the characters A-Z, a-z, 0-9, _ and - (it has %d characters); use a long random string such as `openssl rand -hex 24` gives", len(t.WebhookSecret))
		}
	default:
		l.add("telegram.mode", "%q is not \"polling\" or \"webhook\"", t.Mode)
	}
}

// telegramSecret reports whether s is a secret_token Telegram accepts.
func telegramSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// webhook checks a channel's webhook_url and webhook_listen (table is
// "telegram" or "zalo"): the platform posts only to https:// (http:// on
// loopback is let through for tests), and the path must be one fieldbot
// can serve.
func (l *loader) webhook(table, platform, listen, raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.add(table+".webhook_url", "%q is not an http:// or https:// URL", raw)
	} else {
		if u.Scheme != "https" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" {
			l.add(table+".webhook_url", "%q: %s posts only to https:// addresses", raw, platform)
		}
		if msg := webhookPath(table, u); msg != "" {
			l.add(table+".webhook_url", "%q: %s", raw, msg)
		}
	}
	if err := checkListen(listen); err != nil {
		l.add(table+".webhook_listen", "%q is not host:port (e.g. \"127.0.0.1:8443\" behind a reverse proxy): %v", listen, err)
	}
}

// samePath reports whether two webhook URLs have the same path.
func samePath(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.EscapedPath() == ub.EscapedPath()
}

// proxy checks a proxy URL: http://host:port, https://host:port or
// socks5://host:port, with user:password@ if the proxy asks for them. The
// value is not repeated in the message: it may hold a password.
func (l *loader) proxy(key, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "socks5") && u.Host != "" &&
		(u.Path == "" || u.Path == "/") && u.RawQuery == "" {
		if _, port, err := net.SplitHostPort(u.Host); err != nil || port == "" {
			if u.Scheme != "socks5" {
				return // the scheme's default port
			}
			l.add(key, "a socks5:// proxy needs its port, such as socks5://127.0.0.1:1080")
		}
		return
	}
	l.add(key, "is not a proxy address such as http://proxy.example.gov.vn:3128 (http://, https:// or socks5://)")
}
