package conversation

import (
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/progress"
)

// ranking answers /ranking: the sub-units of the caller's scope ranked by
// each indicator, with the gap to their target.
func (t *turn) ranking() error {
	if t.e.cfg.Progress == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	unit := t.scope()
	var b strings.Builder
	b.WriteString(t.p.HTML("ranking.title", "unit", t.unitName(unit)))
	b.WriteString(t.periodLine())
	for _, ind := range t.indicators() {
		rows, err := t.e.cfg.Progress.Ranking(unit, ind.ID, t.asOf())
		if err != nil {
			return err
		}
		b.WriteString("\n\n<b>" + locale.Escape(ind.Label) + "</b>")
		if len(rows) == 0 {
			b.WriteString("\n" + t.p.HTML("ranking.no_subunits"))
		}
		for i, r := range rows {
			line := strconv.Itoa(i+1) + ". " + locale.Escape(r.Unit.Name) + ": "
			f, ok := figureOf(r.Figures, ind.ID)
			switch {
			case !ok || !f.HasData:
				line += locale.Escape(t.p.T("status.no_data"))
			default:
				line += "<b>" + locale.FormatPercent(t.p.Lang(), f.Rate) + "</b>"
				if f.HasTarget {
					line += " (" + locale.Escape(t.present().Gap(f.Gap)) + ")"
					if f.Gap < 0 {
						line = "⚠️ " + line
					}
				}
			}
			b.WriteString("\n" + line)
		}
	}
	t.say(fieldbot.Message{Text: b.String()})
	return nil
}

// missing answers /missing: who in the caller's scope has not reported for
// the period in question. Leaders and admins only.
func (t *turn) missing() error {
	if !t.s.Person.Role.Leads() {
		t.sayKey("error.not_allowed")
		return nil
	}
	if t.e.cfg.Progress == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	if t.mainForm() == nil {
		return nil
	}
	in, at, _ := t.question()
	people := t.e.cfg.Progress.Missing(t.scope(), at)
	period := present.PeriodLabel(t.p, in)
	if len(people) == 0 {
		t.sayKey("missing.none", "period", period)
		return nil
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("missing.title", "period", period, "count", strconv.Itoa(len(people))))
	last := ""
	for _, p := range people {
		if p.Unit != last {
			b.WriteString("\n<b>" + locale.Escape(t.unitName(p.Unit)) + "</b>")
			last = p.Unit
		}
		b.WriteString("\n• " + locale.Escape(p.Name))
		if p.Title != "" {
			b.WriteString(" — " + locale.Escape(p.Title))
		}
	}
	t.say(fieldbot.Message{Text: b.String()})
	return nil
}

func (t *turn) indicators() []fieldbot.Indicator { return t.e.cfg.Indicators }

func figureOf(fs []progress.Figure, id string) (progress.Figure, bool) {
	for _, f := range fs {
		if f.Indicator.ID == id {
			return f, true
		}
	}
	return progress.Figure{}, false
}

// digest previews the caller's scheduled digest (leaders and admins); the
// relay builds it after the commit.
func (t *turn) digest() error {
	if !t.s.Person.Role.Leads() {
		t.sayKey("error.not_allowed")
		return nil
	}
	if !t.e.cfg.Digests {
		t.sayKey("error.not_yet")
		return nil
	}
	p := *t.s.Person
	t.res.Preview = &p
	return nil
}
