package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// TokenEnv names the environment variable that overrides [telegram] token,
// so the secret can stay out of the file.
const TokenEnv = "FIELDBOT_TELEGRAM_TOKEN"

// ZaloTokenEnv overrides [zalo] token.
const ZaloTokenEnv = "FIELDBOT_ZALO_TOKEN"

// loader collects problems while a Config is built.
type loader struct {
	file     string // the config path as given, for messages
	lines    lineIndex
	rootKeys map[string]bool // for "top-level keys go before the first [table]"
	schema   map[string]bool // when not nil, collects every key read ("forms.fields.id"), for tests
	problems Problems
}

func (l *loader) add(key, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: l.file, Line: l.lines.line(key), Key: key, Message: fmt.Sprintf(format, args...)})
}

// Load reads the config file at path and the roster it names, applies
// defaults, and checks everything. getenv supplies FIELDBOT_TELEGRAM_TOKEN.
// Any problem, in either file, makes Load return nil and Problems listing
// them all, so an administrator can fix everything in one pass.
func Load(path string, getenv func(string) string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, Problems{{File: path, Message: err.Error()}}
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, Problems{{File: path, Message: fmt.Sprintf("cannot read the config file: %v", unwrapPath(err))}}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Windows editors save a BOM
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{syntaxProblem(path, err)}
	}
	l := &loader{file: path, lines: indexLines(data)}
	f := l.decode(doc)
	// The environment's tokens replace the file's before anything is
	// checked, so that check-config and run judge the same configuration:
	// a Zalo token from the environment switches on the webhook's checks.
	if tok := strings.TrimSpace(getenv(ZaloTokenEnv)); tok != "" {
		f.Zalo.Token = tok
	}
	if tok := strings.TrimSpace(getenv(TokenEnv)); tok != "" { // a secret read from a file ends in "\n"
		f.Telegram.Token = tok
	}
	cfg := l.validate(f, filepath.Dir(abs))
	cfg.Path = abs
	// The roster is checked even when the config has problems, with
	// whatever units could be read, so both files are fixed in one pass.
	// Its problems name it as the config names it, next to the config.
	roster, problems := loadRoster(cfg.RosterPath, resolve(filepath.Dir(path), or(f.Roster, defaultRoster)), cfg.Tree)
	cfg.Roster = roster
	l.problems = append(l.problems, problems...)
	if len(l.problems) > 0 {
		sortProblems(l.problems)
		return nil, l.problems
	}
	return cfg, nil
}

func syntaxProblem(path string, err error) Problem {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		return Problem{File: path, Line: line, Key: strings.Join(de.Key(), "."), Message: "TOML syntax: " + strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return Problem{File: path, Message: err.Error()}
}

// unwrapPath drops the path from an *os.PathError: the problem names it.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sortProblems orders problems by file, in the order files were first
// mentioned, then by line, keeping the order of problems on one line.
func sortProblems(ps Problems) {
	rank := map[string]int{}
	for _, p := range ps {
		if _, ok := rank[p.File]; !ok {
			rank[p.File] = len(rank)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return rank[ps[i].File] < rank[ps[j].File]
		}
		return ps[i].Line < ps[j].Line
	})
}
