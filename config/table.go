package config

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// table reads one decoded TOML table into Go values. A value of the wrong
// type is a problem naming its key, and done reports every key nobody asked
// for. Reading this way, rather than decoding into tagged structs, lets
// Load report all such problems at once, not only the first, each with its
// array index and line.
type table struct {
	l     *loader
	path  string // "" for the document, "forms[0].fields[2]"
	m     map[string]any
	known map[string]bool
}

func (l *loader) table(path string, m map[string]any) *table {
	return &table{l: l, path: path, m: m, known: map[string]bool{}}
}

func (t *table) key(name string) string { return join(t.path, name) }

func (t *table) get(name string) (any, bool) {
	t.known[name] = true
	if t.l.schema != nil {
		t.l.schema[header(t.key(name))] = true
	}
	v, ok := t.m[name]
	return v, ok
}

func (t *table) wrongType(key, want string, v any) {
	switch key { // tokens, secrets and proxy passwords never appear in a message
	case "telegram.token", "telegram.webhook_secret", "telegram.proxy", "zalo.token", "zalo.webhook_secret", "zalo.proxy":
		t.l.add(key, "must be %s", want)
		return
	}
	t.l.add(key, "must be %s, not %s", want, describe(v))
}

// str returns a string value, "" when absent.
func (t *table) str(name string) string {
	v, ok := t.get(name)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(t.key(name), "a string in quotes", v)
	}
	return s
}

// number returns an integer or float value, nil when absent.
func (t *table) number(name string) *float64 {
	v, ok := t.get(name)
	if !ok {
		return nil
	}
	f, ok := toFloat(v)
	if !ok {
		t.wrongType(t.key(name), "a number", v)
		return nil
	}
	return &f
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	}
	return 0, false
}

// integer returns an integer value, 0 when absent.
func (t *table) integer(name string) int64 {
	v, ok := t.get(name)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(t.key(name), "a whole number", v)
	}
	return n
}

// boolean returns true or false, nil when absent.
func (t *table) boolean(name string) *bool {
	v, ok := t.get(name)
	if !ok {
		return nil
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(t.key(name), "true or false", v)
		return nil
	}
	return &b
}

// strings returns an array of strings.
func (t *table) strings(name string) []string {
	var out []string
	for i, v := range t.array(name) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		} else {
			t.wrongType(fmt.Sprintf("%s[%d]", t.key(name), i), "a string in quotes", v)
		}
	}
	return out
}

// integers returns an array of whole numbers.
func (t *table) integers(name string) []int64 {
	var out []int64
	for i, v := range t.array(name) {
		if n, ok := v.(int64); ok {
			out = append(out, n)
		} else {
			t.wrongType(fmt.Sprintf("%s[%d]", t.key(name), i), "a whole number", v)
		}
	}
	return out
}

func (t *table) array(name string) []any {
	v, ok := t.get(name)
	if !ok {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		t.wrongType(t.key(name), "an array [...]", v)
	}
	return a
}

// sub returns the table under name; an absent table reads as empty.
func (t *table) sub(name string) *table {
	m := map[string]any{}
	if v, ok := t.get(name); ok {
		if mv, ok := v.(map[string]any); ok {
			m = mv
		} else {
			t.wrongType(t.key(name), fmt.Sprintf("a table [%s]", t.key(name)), v)
		}
	}
	return t.l.table(t.key(name), m)
}

// list returns the elements of an array of tables ([[name]]).
func (t *table) list(name string) []*table {
	if v, ok := t.m[name]; ok {
		if _, single := v.(map[string]any); single {
			t.known[name] = true
			h := header(t.key(name))
			t.l.add(t.key(name), "write [[%s]], not [%s]: there may be several", h, h)
			return nil
		}
	}
	var out []*table
	for i, v := range t.array(name) {
		key := fmt.Sprintf("%s[%d]", t.key(name), i)
		m, ok := v.(map[string]any)
		if !ok {
			t.wrongType(key, fmt.Sprintf("a table [[%s]]", header(t.key(name))), v)
			m = map[string]any{}
		}
		out = append(out, t.l.table(key, m))
	}
	return out
}

// numbers returns an inline table of numbers: { "03-31" = 45.0 }.
func (t *table) numbers(name string) map[string]float64 {
	s := t.sub(name)
	if len(s.m) == 0 {
		return nil
	}
	out := make(map[string]float64, len(s.m))
	for _, k := range slices.Sorted(maps.Keys(s.m)) {
		v := s.m[k]
		s.known[k] = true
		if f, ok := toFloat(v); ok {
			out[k] = f
		} else {
			s.wrongType(s.key(k), "a number", v)
		}
	}
	return out
}

// header turns a key into the table header that writes it:
// "forms[0].fields" → "forms.fields".
func header(key string) string { return arrayIndex.ReplaceAllString(key, "") }

var arrayIndex = regexp.MustCompile(`\[\d+\]`)

// done reports the keys of t that were never read: misspelt or unknown.
func (t *table) done() {
	var unknown []string
	for k := range t.m {
		if !t.known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		msg := "unknown key"
		if s := closest(k, t.known); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else if t.path != "" && t.l.rootKeys[k] {
			msg += fmt.Sprintf(" in %s: top-level keys must come before the first [table]", t.path)
		}
		t.l.add(t.key(k), "%s (config.example.toml shows every key)", msg)
	}
}

// closest returns the known key a slip of the keyboard away from k: one
// edit for short keys, two for longer ones.
func closest(k string, known map[string]bool) string {
	best, bestD := "", min(2, max(1, len(k)/3))+1
	for c := range known {
		if d := distance(k, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// distance counts the insertions, deletions, substitutions and swaps of
// neighbours that turn a into b ("lable" → "label" is one).
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// describe names a decoded value and its TOML type for a message.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the whole number %d", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		return fmt.Sprintf("the date/time %v", x)
	}
	return fmt.Sprintf("%v", v)
}
