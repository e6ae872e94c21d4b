package conversation

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// quickPair finds "key=" in quick entry; a value runs up to the next key,
// so "tcdk=1,5 tỷ vxong=63" reads as two pairs.
var quickPair = regexp.MustCompile(`([A-Za-z0-9_]+)\s*=\s*`)

// quickEntry fills a form from "id=value" pairs (field ids or aliases) in
// one message and goes straight to the summary. Unknown keys and bad values
// are listed together and nothing starts.
func (t *turn) quickEntry(f *fieldbot.Form, args string) error {
	period, err := t.reportPeriod(f)
	if err != nil {
		return err
	}
	if !t.open(f, period) {
		return nil
	}
	t.st.Unit = t.s.Person.Unit
	byKey := map[string]fieldbot.Field{}
	for _, fl := range f.Fields {
		byKey[fl.ID] = fl
		if fl.Alias != "" {
			byKey[fl.Alias] = fl
		}
	}
	locs := quickPair.FindAllStringSubmatchIndex(args, -1)
	answers := fieldbot.Answers{}
	var problems []string
	if len(locs) == 0 || strings.TrimSpace(args[:locs[0][0]]) != "" {
		problems = append(problems, t.p.HTML("report.quick_garbled"))
	}
	for i, loc := range locs {
		key := strings.ToLower(args[loc[2]:loc[3]])
		end := len(args)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		raw := strings.TrimSpace(args[loc[1]:end])
		fl, ok := byKey[key]
		if !ok {
			problems = append(problems, t.p.HTML("report.quick_unknown", "key", key))
			continue
		}
		if _, dup := answers[fl.ID]; dup {
			problems = append(problems, t.p.HTML("report.quick_twice", "key", key))
			continue
		}
		if fl.Type == fieldbot.FieldChoice {
			raw = t.choice(fl, raw)
		}
		value, perr := t.parse(fl, raw)
		if perr == nil && fl.Type == fieldbot.FieldChoice && !slices.Contains(fl.Options, value) {
			perr = &locale.ParseError{Key: t.typedKey("report.invalid_choice")}
		}
		if perr != nil {
			problems = append(problems, t.p.HTML("report.quick_bad", "key", key, "value", raw, "reason", t.p.T(perr.Key, perr.Args...)))
			continue
		}
		answers[fl.ID] = value
	}
	if len(problems) > 0 {
		t.say(fieldbot.Message{Text: t.p.HTML("report.quick_failed") + "\n" + strings.Join(problems, "\n") + "\n\n" +
			t.p.HTML("report.quick_keys", "keys", quickKeys(f))})
		return nil
	}
	if err := t.openPeriod(f, period, answers); err != nil {
		return err
	}
	// Warn about anything the checks or the last report make doubtful, just
	// above the summary; confirm still enforces the checks.
	summary := t.res.Messages[len(t.res.Messages)-1]
	t.res.Messages = t.res.Messages[:len(t.res.Messages)-1]
	defer func() { t.say(summary) }()
	if c, err := t.failedCheck(f, t.st.Answers, ""); err != nil {
		return err
	} else if c != nil {
		t.say(fieldbot.Message{Text: t.checkFailed(f, c, t.st.Answers, "")})
	}
	for _, fl := range f.Fields {
		if v, ok := answers[fl.ID]; ok {
			if key, kv, doubt := t.implausible(f, fl, v); doubt {
				t.sayKey(key, kv...)
			}
		}
	}
	return nil
}

// choice maps an option typed by number or without diacritics to its text.
func (t *turn) choice(fl fieldbot.Field, raw string) string {
	folded := locale.Fold(raw)
	for i, o := range fl.Options {
		if locale.Fold(o) == folded || raw == strconv.Itoa(i+1) {
			return o
		}
	}
	return raw
}

// quickKeys lists the keys quick entry understands, aliases first.
func quickKeys(f *fieldbot.Form) string {
	var keys []string
	for _, fl := range f.Fields {
		if fl.Alias != "" {
			keys = append(keys, fl.Alias+" ("+fl.ID+")")
		} else {
			keys = append(keys, fl.ID)
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
