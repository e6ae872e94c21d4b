package conversation

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/workbook"
)

// The history in chat (/history, /lichsu): leaders read that of their
// subtree, admins that of everyone, newest first — who, what, when and,
// for figures, old → new. "/lichsu" alone is the caller's scope;
// "/lichsu kv2" a unit and its sub-units; "/lichsu 0912345678" or a name a
// person (only their events within the caller's scope). A last word
// "excel" (or more events than fit in a message) adds a spreadsheet.

const (
	historyShown = 20   // events in the message
	historySheet = 5000 // events in the spreadsheet
)

// excelWords ask for the spreadsheet.
var excelWords = map[string]bool{"excel": true, "xlsx": true, "bang": true, "bang tinh": true}

func (t *turn) history(args string) error {
	me := t.s.Person
	if t.s.History == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	words := strings.Fields(args)
	excel := false
	if n := len(words); n > 0 && excelWords[locale.Fold(words[n-1])] {
		excel, words = true, words[:n-1]
	}
	q := strings.Join(words, " ")
	// Leaders see their subtree; admins everything (nil: every unit).
	var units []string
	if me.Role != fieldbot.RoleAdmin {
		units = t.e.cfg.Tree.Subtree(t.scope())
	}
	person, about := "", t.unitName(t.scope())
	if q != "" {
		if people := t.findPeople(q); len(people) == 1 {
			person, about = people[0].Phone, people[0].Name
		} else if len(people) > 1 {
			t.sayKey("invite.ambiguous", "who", q)
			return nil
		} else {
			found := t.matchUnits(q)
			if len(found) != 1 {
				t.sayKey("history.unknown", "who", q)
				return nil
			}
			units, about = t.e.cfg.Tree.Subtree(found[0].ID), found[0].Name
		}
	}
	limit := historyShown + 1
	if excel {
		limit = historySheet
	}
	events, err := t.s.History(units, person, limit)
	if err != nil {
		return err
	}
	if len(events) > historyShown && !excel {
		excel = true
		if events, err = t.s.History(units, person, historySheet); err != nil {
			return err
		}
	}
	if len(events) == 0 {
		t.sayKey("history.none", "what", about)
		return nil
	}
	for i := range events {
		events[i].Changes = t.formOrder(events[i])
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("history.title", "what", about))
	for _, e := range events[:min(len(events), historyShown)] {
		b.WriteString("\n" + t.historyLine(e))
	}
	msg := fieldbot.Message{Text: b.String()}
	if excel {
		data, err := t.historySheet(about, events)
		if err != nil {
			return err
		}
		msg.Text += "\n\n" + t.p.HTML("history.sheet", "count", strconv.Itoa(len(events)))
		msg.Document = &fieldbot.File{Name: "lich-su-" + t.s.Now.In(t.e.cfg.Calendar.Location).Format("20060102-1504") + ".xlsx", Data: data}
	}
	t.say(msg)
	return nil
}

// formOrder is a revision's changes in the order its form asks the
// fields, then those the form no longer has by id: the store gives them
// by id, not knowing the form. Other events keep theirs.
func (t *turn) formOrder(e fieldbot.Event) []fieldbot.Change {
	if e.Kind != fieldbot.EventRevision || len(e.Changes) < 2 {
		return e.Changes
	}
	form, _, _ := splitRevisionRef(e.Ref)
	pos := map[string]int{}
	for _, f := range t.e.cfg.Forms {
		if f.ID == form {
			for i, fl := range f.Fields {
				pos[fl.ID] = i
			}
		}
	}
	out := slices.Clone(e.Changes)
	slices.SortStableFunc(out, func(a, b fieldbot.Change) int {
		i, inA := pos[a.Field]
		j, inB := pos[b.Field]
		switch {
		case inA && inB:
			return cmp.Compare(i, j)
		case inA != inB: // the form's fields first
			if inA {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Field, b.Field)
	})
	return out
}

// historyLine is one event as a line of the message, in HTML:
// "06/12/2026 17:05 · Trần Thị Bích (Zalo) · Báo cáo … bản 2: Số việc 40 → 45".
func (t *turn) historyLine(e fieldbot.Event) string {
	line := locale.Escape(t.when(e.At)) + " · " + locale.Escape(t.actor(e)) + " · " + locale.Escape(t.historyAct(e))
	var changes []string
	for _, c := range e.Changes {
		label, old, new := t.change(e, c)
		if c.Old == "" {
			changes = append(changes, locale.Escape(label+" "+new))
		} else {
			changes = append(changes, locale.Escape(label+" "+old+" → "+new))
		}
	}
	if len(changes) > 0 {
		line += ": " + strings.Join(changes, "; ")
	}
	return line
}

func (t *turn) when(at time.Time) string {
	return locale.FormatDateTime(at.In(t.e.cfg.Calendar.Location))
}

// actor is who did it and through which channel: "Trần Thị Bích (Zalo)".
func (t *turn) actor(e fieldbot.Event) string {
	who := t.doer(e)
	if ch, ok := via(e); ok {
		who += " (" + ch + ")"
	}
	return who
}

// doer is who did it: a person's name, or the server.
func (t *turn) doer(e fieldbot.Event) string {
	if e.By != "" {
		return t.personName(e.By)
	}
	return t.p.T("history.server")
}

// via is the channel it came through, when it came through one.
func via(e fieldbot.Event) (string, bool) {
	ch, _, ok := strings.Cut(e.Via, ":")
	if !ok {
		return "", false
	}
	return ChannelLabel(ch), true
}

func (t *turn) personName(phone string) string {
	if p, ok := t.e.cfg.Roster.Lookup(phone); ok {
		return p.Name
	}
	return phone
}

// channelOf is the channel of an account reference ("zalo:8412…").
func channelOf(ref string) string {
	ch, _, _ := strings.Cut(ref, ":")
	return ChannelLabel(ch)
}

// historyAct says what was done, in plain text, without the changes.
func (t *turn) historyAct(e fieldbot.Event) string {
	person := t.personName(e.Person)
	switch e.Kind {
	case fieldbot.EventRevision:
		form, period, n := splitRevisionRef(e.Ref)
		return t.p.T("history.revision", "period", t.historyPeriod(form, period), "person", person, "n", n)
	case fieldbot.EventReopen:
		form, period, _ := strings.Cut(e.Ref, "/")
		return t.p.T("history.reopen", "period", t.historyPeriod(form, period), "unit", t.unitName(e.Unit))
	case fieldbot.EventInvite:
		return t.p.T("history.invite", "person", person)
	case fieldbot.EventLink:
		return t.p.T("history.link", "person", person, "channel", channelOf(e.Ref))
	case fieldbot.EventUnlink:
		return t.p.T("history.unlink", "person", person, "channel", channelOf(e.Ref))
	case fieldbot.EventRoster:
		return t.p.T("history.roster", "person", person)
	case fieldbot.EventTargets:
		return t.p.T("history.targets", "unit", t.unitName(e.Unit))
	}
	return string(e.Kind)
}

// splitRevisionRef reads "weekly/2026-W49#2".
func splitRevisionRef(ref string) (form, period, n string) {
	rest, n, _ := strings.Cut(ref, "#")
	form, period, _ = strings.Cut(rest, "/")
	return form, period, n
}

// historyPeriod names a period of a form as people read it, or its key.
func (t *turn) historyPeriod(formID, key string) string {
	for _, f := range t.e.cfg.Forms {
		if f.ID == formID {
			if p, err := t.e.cfg.Calendar.ParsePeriod(f.Period, key); err == nil {
				return present.PeriodLabel(t.p, p)
			}
		}
	}
	return key
}

// change is a change's label and values as people read them: a report's
// field by its label, values formatted as the field's type is.
func (t *turn) change(e fieldbot.Event, c fieldbot.Change) (label, old, new string) {
	label, old, new = c.Field, c.Old, c.New
	switch e.Kind {
	case fieldbot.EventRevision:
		form, _, _ := splitRevisionRef(e.Ref)
		for _, f := range t.e.cfg.Forms {
			if f.ID != form {
				continue
			}
			for _, fl := range f.Fields {
				if fl.ID == c.Field {
					label, old, new = fl.Label, display(t.p, fl, c.Old), display(t.p, fl, c.New)
				}
			}
		}
	case fieldbot.EventReopen:
		label = t.p.T("history.until")
		old, new = t.instant(c.Old), t.instant(c.New)
	}
	if c.Old == "" {
		old = ""
	}
	if c.New == "" {
		new = t.p.T("history.empty")
	}
	return label, old, new
}

// instant formats an RFC 3339 time in the office's zone.
func (t *turn) instant(s string) string {
	if at, err := time.Parse(time.RFC3339, s); err == nil {
		return t.when(at)
	}
	return s
}

// historySheet is the events as a spreadsheet, one row per change.
func (t *turn) historySheet(about string, events []fieldbot.Event) ([]byte, error) {
	var cols []workbook.Column
	for _, k := range []string{"time", "by", "channel", "act", "unit", "person", "field", "old", "new"} {
		cols = append(cols, workbook.Column{Header: t.p.T("history.col." + k), Kind: workbook.Text})
	}
	var rows [][]any
	for _, e := range events {
		channel, _ := via(e)
		person := ""
		if e.Person != "" {
			person = t.personName(e.Person)
		}
		unit := ""
		if e.Unit != "" {
			unit = t.unitName(e.Unit)
		}
		row := []any{t.when(e.At), t.doer(e), channel, t.historyAct(e), unit, person, "", "", ""}
		if len(e.Changes) == 0 {
			rows = append(rows, row)
		}
		for _, c := range e.Changes {
			label, old, new := t.change(e, c)
			if c.New == "" {
				new = ""
			}
			r := append([]any(nil), row...)
			r[6], r[7], r[8] = label, old, new
			rows = append(rows, r)
		}
	}
	return workbook.Build([]workbook.Sheet{{Name: t.p.T("history.sheet_name"), Title: t.p.T("history.title", "what", about),
		Columns: cols, Rows: rows}})
}
