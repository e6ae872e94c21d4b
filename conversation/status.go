package conversation

import (
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/progress"
)

// Progress answers "where do we stand?"; progress.Ledger implements it.
type Progress interface {
	Unit(unit string, at time.Time) (progress.UnitStatus, error)
	Person(phone string, at time.Time) (progress.UnitStatus, error)
	// Breakdown is a unit's sub-units or, for a unit without any, its
	// officers; Officers those of the unit itself.
	Breakdown(unit string, at time.Time) (rows []progress.Row, byOfficer bool, err error)
	Officers(unit string, at time.Time) ([]progress.Row, error)
	Missing(unit string, at time.Time) []fieldbot.Person
	Targets() []fieldbot.Target
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
		own, err := t.e.cfg.Progress.Person(me.Phone, t.asOf())
		if err != nil {
			return err
		}
		t.say(fieldbot.Message{Text: t.p.HTML("status.own", "name", me.Name) + "\n" + t.present().Figures(own)})
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
	at := t.asOf()
	st, err := pr.Unit(unit, at)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("status.title", "unit", st.Unit.Name, "date", locale.FormatDate(at.In(t.e.cfg.Calendar.Location))))
	b.WriteString(t.periodLine())
	b.WriteString("\n" + t.p.HTML("status.reported", "done", locale.FormatInt(t.p.Lang(), int64(st.Reported)), "total", locale.FormatInt(t.p.Lang(), int64(st.Reporters))))
	b.WriteString("\n\n" + t.present().Figures(st))
	t.say(fieldbot.Message{Text: b.String()})
	if !detail {
		return nil
	}
	rows, _, err := pr.Breakdown(unit, at)
	if err != nil {
		return err
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, t.present().OneLine(r.Name, r.Status))
	}
	if len(lines) > 0 {
		t.say(fieldbot.Message{Text: t.p.HTML("status.breakdown") + "\n" + strings.Join(lines, "\n")})
	}
	return nil
}

// present is the figure writer for this turn's person and the time the
// figures are taken at.
func (t *turn) present() present.Writer {
	return present.Writer{P: t.p, Cal: t.e.cfg.Calendar, Forms: t.e.cfg.Forms, Now: t.asOf()}
}

func (t *turn) formOf(id string) *fieldbot.Form {
	for i := range t.e.cfg.Forms {
		if t.e.cfg.Forms[i].ID == id {
			return &t.e.cfg.Forms[i]
		}
	}
	return nil
}
