package conversation

import (
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/present"
)

// Which period a command is about follows one rule, the domain's
// (fieldbot.Calendar.InQuestion, docs/input.md "Kỳ báo cáo"): /status,
// /ranking and /missing are about the period in question of the form the
// indicators read, with figures as of its last second once it has ended;
// /report opens the period in question unless the person has already
// reported it and it has ended (fieldbot.Calendar.ToReport); /edit opens
// the person's own report of the current period, else of the one before.

// question is the period /status, /ranking and /missing are about and the
// time their figures are taken at.
func (t *turn) question() (fieldbot.Period, time.Time, bool) {
	f := t.figuresForm()
	if f == nil {
		return fieldbot.Period{}, t.s.Now, false
	}
	p := t.e.cfg.Calendar.InQuestion(f, t.s.Now)
	return p, p.AsOf(t.s.Now), true
}

// asOf is the time the figures of /status and /ranking are taken at.
func (t *turn) asOf() time.Time {
	_, at, _ := t.question()
	return at
}

// periodLine names the period /status and /ranking are about, or is empty
// when no form is configured.
func (t *turn) periodLine() string {
	p, _, ok := t.question()
	if !ok {
		return ""
	}
	return "\n" + t.p.HTML("period.about", "period", present.PeriodLabel(t.p, p))
}

// figuresForm is the form the indicators read (the first configured form
// when no indicator names one), or nil when there is no form.
func (t *turn) figuresForm() *fieldbot.Form {
	for _, ind := range t.e.cfg.Indicators {
		if f := t.formOf(ind.Form); f != nil {
			return f
		}
	}
	if len(t.e.cfg.Forms) == 0 {
		return nil
	}
	return &t.e.cfg.Forms[0]
}

// reportPeriod is the period /report opens on f for this person.
func (t *turn) reportPeriod(f *fieldbot.Form) (fieldbot.Period, error) {
	return t.e.cfg.Calendar.ToReport(f, t.s.Now, func(p fieldbot.Period) (bool, error) {
		_, ok, err := t.s.Latest(fieldbot.SubmissionKey{Form: f.ID, Period: p.Key, Unit: t.s.Person.Unit, Phone: t.s.Person.Phone})
		return ok, err
	})
}
