package conversation

import (
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// reopen lets an administrator reopen a closed period for a unit of their
// tree ("/moky kv1 2026-W47"), for as long again as the form's close_after.
func (t *turn) reopen(args string) error {
	if t.s.Person.Role != fieldbot.RoleAdmin {
		t.sayKey("error.not_allowed")
		return nil
	}
	if len(t.e.cfg.Forms) == 0 {
		t.sayKey("report.no_form")
		return nil
	}
	f := &t.e.cfg.Forms[0]
	fields := strings.Fields(args)
	if len(fields) < 2 {
		t.sayKey("report.reopen_usage")
		return nil
	}
	periodKey := fields[len(fields)-1]
	unit, ok := t.findUnit(strings.Join(fields[:len(fields)-1], " "))
	if !ok || !t.e.cfg.Tree.Contains(t.s.Person.Unit, unit.ID) {
		t.sayKey("report.unknown_unit", "unit", strings.Join(fields[:len(fields)-1], " "))
		return nil
	}
	p, err := t.e.cfg.Calendar.ParsePeriod(f.Period, periodKey)
	if err != nil {
		t.sayKey("report.bad_period", "period", periodKey, "example", t.e.cfg.Calendar.PeriodOf(f.Period, t.s.Now).Key)
		return nil
	}
	window := f.CloseAfter
	if window <= 0 {
		t.sayKey("report.never_closes")
		return nil
	}
	until := t.s.Now.Add(window)
	t.res.Reopen = &fieldbot.Reopening{Form: f.ID, Period: p.Key, Unit: unit.ID, Until: until, By: t.s.Person.Phone}
	t.sayKey("report.reopened", "unit", unit.Name, "period", PeriodLabel(t.p, p),
		"until", locale.FormatDateTime(until.In(t.e.cfg.Calendar.Location)))
	return nil
}

// findUnit finds a unit by id or by its name without diacritics or case.
func (t *turn) findUnit(q string) (fieldbot.Unit, bool) {
	if u, ok := t.e.cfg.Tree.Unit(strings.ToLower(strings.TrimSpace(q))); ok {
		return u, true
	}
	folded := locale.Fold(q)
	var found []fieldbot.Unit
	for _, u := range t.e.cfg.Tree.Units() {
		if name := locale.Fold(u.Name); name == folded || strings.HasSuffix(name, " "+folded) {
			found = append(found, u)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return fieldbot.Unit{}, false
}
