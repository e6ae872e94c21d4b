package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // a static binary must know Asia/Ho_Chi_Minh without the OS

	"github.com/BurntSushi/toml"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

// loader accumulates problems while building a Config.
type loader struct {
	file     string
	text     string
	problems Problems
}

func (l *loader) add(key, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: l.file, Line: l.lineOf(key), Key: key, Message: fmt.Sprintf(format, args...)})
}

// lineOf finds the line of a key such as "forms[0].fields[2].type" by
// walking the file's table headers: the TOML library does not report the
// positions of decoded keys.
func (l *loader) lineOf(key string) int {
	if key == "" {
		return 0
	}
	lines := strings.Split(l.text, "\n")
	pos, path := 0, ""
	for _, part := range strings.Split(key, ".") {
		name, index := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			fmt.Sscanf(part[i:], "[%d]", &index)
		}
		if path != "" {
			path += "."
		}
		path += name
		header := regexp.MustCompile(`^\s*\[\[?\s*` + regexp.QuoteMeta(path) + `\s*\]\]?`)
		assign := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(name) + `\s*=`)
		seen, found := 0, false
		for j := pos; j < len(lines) && !found; j++ {
			switch {
			case header.MatchString(lines[j]):
				if index < 0 || seen == index {
					pos, found = j, true
				}
				seen++
			case index < 0 && assign.MatchString(lines[j]):
				pos, found = j, true
			}
		}
		if !found {
			return 0
		}
	}
	return pos + 1
}

// Load reads the config file at path and the roster it names. getenv
// supplies FIELDBOT_TELEGRAM_TOKEN. On any problem it returns Problems.
func Load(path string, getenv func(string) string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, Problems{{File: path, Message: fmt.Sprintf("cannot read the config file: %v", errors.Unwrap(err))}}
	}
	l := &loader{file: path, text: string(data)}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Problems{{File: path, Line: pe.Position.Line, Key: pe.LastKey, Message: pe.Message}}
		}
		return nil, Problems{{File: path, Message: err.Error()}}
	}
	for _, k := range md.Undecoded() {
		l.add(k.String(), "unknown key (see config.example.toml for the keys fieldbot reads)")
	}
	cfg := l.build(&f, filepath.Dir(abs))
	cfg.Path = abs
	if tok := getenv("FIELDBOT_TELEGRAM_TOKEN"); tok != "" {
		cfg.Telegram.Token = tok
	}
	if cfg.Tree != nil { // the roster is checked even when the config has problems
		roster, problems := loadRoster(cfg.RosterPath, rosterName(f.Roster), cfg.Tree)
		l.problems = append(l.problems, problems...)
		cfg.Roster = roster
	}
	if len(l.problems) > 0 {
		return nil, l.problems
	}
	return cfg, nil
}

func rosterName(s string) string {
	if s == "" {
		return "roster.csv"
	}
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func (l *loader) build(f *file, dir string) *Config {
	cfg := &Config{
		DataDir:    resolve(dir, orDefault(f.DataDir, "data")),
		Timezone:   orDefault(f.Timezone, "Asia/Ho_Chi_Minh"),
		Language:   orDefault(f.Language, "vi"),
		RosterPath: resolve(dir, rosterName(f.Roster)),
		Telegram:   Telegram{Token: f.Telegram.Token, APIURL: orDefault(f.Telegram.APIURL, "https://api.telegram.org")},
		HTTP:       HTTP{Listen: orDefault(f.HTTP.Listen, "127.0.0.1:8080")},
		Digest:     Digest{Schedule: f.Digest.Schedule, Chats: f.Digest.Chats},
		Reminders:  Reminders{Schedule: f.Reminders.Schedule},
		Checks:     map[string][]*rules.Expr{},
		Formulas:   map[string][2]*rules.Expr{},
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		l.add("timezone", "%q is not a known timezone (e.g. Asia/Ho_Chi_Minh)", cfg.Timezone)
		loc = time.UTC
	}
	ys, err := fieldbot.ParseMonthDay(orDefault(f.YearStart, "10-01"))
	if err != nil {
		l.add("year_start", "%q is not MM-DD (e.g. \"10-01\")", f.YearStart)
	}
	cfg.Calendar = fieldbot.Calendar{Location: loc, YearStart: ys}
	cfg.IdleTimeout = 24 * time.Hour
	if f.IdleTimeout != "" {
		d, err := time.ParseDuration(f.IdleTimeout)
		if err != nil || d < time.Minute {
			l.add("idle_timeout", "%q is not a duration of at least a minute, like \"24h\"", f.IdleTimeout)
		}
		cfg.IdleTimeout = d
	}
	if cfg.Language != "vi" && cfg.Language != "en" {
		l.add("language", "%q is not \"vi\" or \"en\"", cfg.Language)
	}
	if u, err := url.Parse(cfg.Telegram.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.add("telegram.api_url", "%q is not an http(s) URL", cfg.Telegram.APIURL)
	}
	if _, _, err := net.SplitHostPort(cfg.HTTP.Listen); err != nil {
		l.add("http.listen", "%q is not host:port (e.g. \"127.0.0.1:8080\")", cfg.HTTP.Listen)
	}
	l.units(f, cfg)
	l.forms(f, cfg)
	l.indicators(f, cfg)
	l.targets(f, cfg)
	return cfg
}

func (l *loader) id(key, id string) bool {
	if !fieldbot.ValidID(id) {
		l.add(key, "%q is not a valid id: use a–z, 0–9 and _ (at most 32)", id)
		return false
	}
	return true
}

func (l *loader) units(f *file, cfg *Config) {
	if len(f.Units) == 0 {
		l.add("units", "at least one unit is needed")
		return
	}
	var units []fieldbot.Unit
	ok := true
	for i, u := range f.Units {
		key := fmt.Sprintf("units[%d]", i)
		ok = l.id(key+".id", u.ID) && ok
		if strings.TrimSpace(u.Name) == "" {
			l.add(key+".name", "unit %q has no name", u.ID)
		}
		units = append(units, fieldbot.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent})
	}
	if !ok {
		return
	}
	tree, err := fieldbot.NewTree(units)
	if err != nil {
		var fe *fieldbot.Error
		errors.As(err, &fe)
		l.add("units", "%s", fe.Message)
		return
	}
	cfg.Tree = tree
}
