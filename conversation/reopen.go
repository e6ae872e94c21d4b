package conversation

import (
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
)

// reopen lets an administrator reopen a closed period for a unit of their
// tree ("/moky kv1 2026-W47"), for as long again as the form's close_after.
func (t *turn) reopen(args string) error {
	f := t.mainForm()
	if f == nil {
		return nil
	}
	fields := strings.Fields(args)
	if len(fields) < 2 {
		t.sayKey("report.reopen_usage")
		return nil
	}
	periodKey := fields[len(fields)-1]
	name := strings.Join(fields[:len(fields)-1], " ")
	units := t.matchUnits(name) // only units of the admin's scope
	if len(units) != 1 {
		t.sayKey("report.unknown_unit", "unit", name)
		return nil
	}
	unit := units[0]
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
	t.sayKey("report.reopened", "unit", unit.Name, "period", present.PeriodLabel(t.p, p),
		"until", locale.FormatDateTime(until.In(t.e.cfg.Calendar.Location)))
	return nil
}
