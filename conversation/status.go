package conversation

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
)

// Progress answers "where do we stand?"; progress.Ledger implements it.
type Progress interface {
	Unit(unit string, at time.Time) (progress.UnitStatus, error)
	Children(unit string, at time.Time) ([]progress.UnitStatus, error)
	Person(phone string, at time.Time) (progress.UnitStatus, error)
	Ranking(unit, indicator string, at time.Time) ([]progress.UnitStatus, error)
	Missing(unit string, at time.Time) []fieldbot.Person
}

// statusButton prefixes the data of a unit picked after an ambiguous
// "/status <name>". It carries no state: scope is checked again on press.
const statusButton = "st:"

// status answers /status: the caller's own scope, or the unit they name.
func (t *turn) status(args string) error {
	if t.e.cfg.Progress == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	me := t.s.Person
	if q := strings.TrimSpace(args); q != "" {
		units := t.matchUnits(q)
		switch len(units) {
		case 0:
			t.sayKey("report.unknown_unit", "unit", q)
			return nil
		case 1:
			return t.unitStatus(units[0].ID, true)
		}
		var opts []fieldbot.Option
		for _, u := range units {
			opts = append(opts, fieldbot.Option{Label: u.Name, Data: statusButton + u.ID})
		}
		t.say(fieldbot.Message{Text: t.p.HTML("status.pick_unit"), Options: opts})
		return nil
	}
	if me.Role == fieldbot.RoleOfficer {
		own, err := t.e.cfg.Progress.Person(me.Phone, t.s.Now)
		if err != nil {
			return err
		}
		t.say(fieldbot.Message{Text: t.p.HTML("status.own", "name", me.Name) + "\n" + t.figures(own)})
		return t.unitStatus(me.Unit, false)
	}
	unit := me.Unit
	if me.Role == fieldbot.RoleAdmin {
		unit = t.e.cfg.Tree.Root()
	}
	return t.unitStatus(unit, true)
}

// scope is the subtree a person may see: leaders and admins their unit's
// (admins the whole tree), officers only their own unit.
func (t *turn) scope() string {
	if t.s.Person.Role == fieldbot.RoleAdmin {
		return t.e.cfg.Tree.Root()
	}
	return t.s.Person.Unit
}

func (t *turn) visible(unit string) bool {
	if t.s.Person.Role == fieldbot.RoleOfficer {
		return unit == t.s.Person.Unit
	}
	return t.e.cfg.Tree.Contains(t.scope(), unit)
}

// matchUnits finds units of the caller's scope by id or by name, ignoring
// case and diacritics: "kv3", "khu vuc 3", "KHU VỰC 3".
func (t *turn) matchUnits(q string) []fieldbot.Unit {
	folded := locale.Fold(q)
	compact := strings.ReplaceAll(folded, " ", "")
	var exact, partial []fieldbot.Unit
	for _, id := range t.e.cfg.Tree.Subtree(t.scope()) {
		u, _ := t.e.cfg.Tree.Unit(id)
		if !t.visible(id) {
			continue
		}
		name := locale.Fold(u.Name)
		switch {
		case id == compact || name == folded || strings.HasSuffix(name, " "+folded) || abbreviation(name) == compact:
			exact = append(exact, u)
		case strings.Contains(name, folded):
			partial = append(partial, u)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// abbreviation turns "phong thi hanh an dan su khu vuc 3" into "kv3".
func abbreviation(folded string) string {
	if i := strings.LastIndex(folded, "khu vuc "); i >= 0 {
		return "kv" + strings.ReplaceAll(folded[i+len("khu vuc "):], " ", "")
	}
	return ""
}

// unitStatus shows a unit's figures and, with detail, those of each
// sub-unit (or each officer of a unit without sub-units).
func (t *turn) unitStatus(unit string, detail bool) error {
	if !t.visible(unit) {
		t.sayKey("error.not_allowed")
		return nil
	}
	pr := t.e.cfg.Progress
	st, err := pr.Unit(unit, t.s.Now)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("status.title", "unit", st.Unit.Name, "date", locale.FormatDate(t.s.Now.In(t.e.cfg.Calendar.Location))))
	b.WriteString("\n" + t.p.HTML("status.reported", "done", locale.FormatInt(t.p.Lang(), int64(st.Reported)), "total", locale.FormatInt(t.p.Lang(), int64(st.Reporters))))
	b.WriteString("\n\n" + t.figures(st))
	t.say(fieldbot.Message{Text: b.String()})
	if !detail {
		return nil
	}
	children, err := pr.Children(unit, t.s.Now)
	if err != nil {
		return err
	}
	var lines []string
	for _, c := range children {
		lines = append(lines, t.oneLine(c.Unit.Name, c))
	}
	if len(children) == 0 {
		for _, person := range t.e.cfg.Roster.InUnits([]string{unit}) {
			if person.Role != fieldbot.RoleOfficer {
				continue
			}
			ps, err := pr.Person(person.Phone, t.s.Now)
			if err != nil {
				return err
			}
			lines = append(lines, t.oneLine(person.Name, ps))
		}
	}
	if len(lines) > 0 {
		t.say(fieldbot.Message{Text: t.p.HTML("status.breakdown") + "\n" + strings.Join(lines, "\n")})
	}
	return nil
}

// oneLine is a name with each indicator's rate and gap.
func (t *turn) oneLine(name string, st progress.UnitStatus) string {
	parts := []string{"<b>" + locale.Escape(name) + "</b>"}
	for _, f := range st.Figures {
		if !f.HasData {
			parts = append(parts, locale.Escape(t.p.T("status.no_data")))
			continue
		}
		s := locale.FormatPercent(t.p.Lang(), f.Rate)
		if f.HasTarget {
			s += " (" + t.gap(f.Gap) + ")"
		}
		parts = append(parts, locale.Escape(s))
	}
	return "• " + strings.Join(parts, " · ")
}

func (t *turn) gap(g float64) string {
	g = math.Round(g*100) / 100
	if g >= 0 {
		return t.p.T("status.ahead", "points", locale.FormatDecimal(t.p.Lang(), g, 2))
	}
	return t.p.T("status.behind", "points", locale.FormatDecimal(t.p.Lang(), -g, 2))
}

// figures renders every indicator of a status, one block each.
func (t *turn) figures(st progress.UnitStatus) string {
	lang := t.p.Lang()
	var blocks []string
	for _, f := range st.Figures {
		var b strings.Builder
		fmt.Fprintf(&b, "<b>%s</b>: ", locale.Escape(f.Indicator.Label))
		if !f.HasData {
			b.WriteString(locale.Escape(t.p.T("status.no_data")))
			blocks = append(blocks, b.String())
			continue
		}
		b.WriteString("<b>" + locale.FormatPercent(lang, f.Rate) + "</b>")
		if f.HasTarget {
			b.WriteString("\n" + t.p.HTML("status.target", "target", locale.FormatPercent(lang, f.Target),
				"gap", t.gap(f.Gap), "of_target", locale.FormatPercent(lang, f.OfTarget)))
		}
		if f.HasExpected {
			b.WriteString("\n" + t.p.HTML("status.expected", "expected", locale.FormatPercent(lang, f.Expected)))
		}
		if f.HasLastWeek {
			b.WriteString("\n" + t.p.HTML("status.last_week", "change", signed(lang, f.Rate-f.LastWeek)))
		}
		if f.HasLastYear {
			b.WriteString("\n" + t.p.HTML("status.last_year", "rate", locale.FormatPercent(lang, f.LastYear)))
		}
		if f.HasTarget && f.NeededNumerator > 0 {
			b.WriteString("\n" + t.needed(f))
		}
		blocks = append(blocks, b.String())
	}
	return strings.Join(blocks, "\n\n")
}

// needed says in absolute terms what is still missing by the year's end.
func (t *turn) needed(f progress.Figure) string {
	money := false
	if form := t.formOf(f.Indicator.Form); form != nil {
		for _, fl := range form.Fields {
			if fl.Type == fieldbot.FieldMoney && strings.Contains(f.Indicator.Numerator, fl.ID) {
				money = true
			}
		}
	}
	cal := t.e.cfg.Calendar
	_, end := cal.YearBounds(cal.StatYear(t.s.Now))
	by := locale.FormatDate(end.AddDate(0, 0, -1))
	if money {
		return t.p.HTML("status.needed_money", "amount", locale.FormatMoney(t.p.Lang(), int64(math.Ceil(f.NeededNumerator))), "by", by)
	}
	return t.p.HTML("status.needed_count", "count", locale.FormatInt(t.p.Lang(), int64(math.Ceil(f.NeededNumerator))), "by", by)
}

func (t *turn) formOf(id string) *fieldbot.Form {
	for i := range t.e.cfg.Forms {
		if t.e.cfg.Forms[i].ID == id {
			return &t.e.cfg.Forms[i]
		}
	}
	return nil
}

func signed(lang locale.Lang, points float64) string {
	points = math.Round(points*100) / 100
	s := locale.FormatDecimal(lang, math.Abs(points), 2)
	if points < 0 {
		return "−" + s
	}
	return "+" + s
}
