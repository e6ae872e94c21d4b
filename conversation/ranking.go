package conversation

import (
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/progress"
)

// ranking answers /ranking. Leaders and admins get their scope broken
// down as /status does — the sub-units or, for a unit without any, its
// officers — ranked by each indicator, ⚠️ on those behind the pace. An
// officer gets their own place among the officers of their unit, and no
// one else's figures.
func (t *turn) ranking() error {
	if t.e.cfg.Progress == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	if t.s.Person.Role == fieldbot.RoleOfficer {
		return t.ownPlace()
	}
	unit := t.scope()
	rows, byOfficer, err := t.e.cfg.Progress.Breakdown(unit, t.asOf())
	if err != nil {
		return err
	}
	var b strings.Builder
	title, none := "ranking.title", "ranking.no_subunits"
	if byOfficer {
		title, none = "ranking.officers_title", "ranking.no_officers"
	}
	b.WriteString(t.p.HTML(title, "unit", t.unitName(unit)))
	b.WriteString(t.periodLine())
	for _, ind := range t.indicators() {
		b.WriteString("\n\n<b>" + locale.Escape(ind.Label) + "</b>")
		if len(rows) == 0 {
			b.WriteString("\n" + t.p.HTML(none))
			continue
		}
		k := figureIndex(rows[0].Status.Figures, ind.ID)
		if k < 0 {
			continue
		}
		for n, r := range progress.Rank(rows, k) {
			b.WriteString("\n" + t.present().RankLine(n+1, r.Name, r.Status.Figures[k]))
		}
	}
	t.say(fieldbot.Message{Text: b.String()})
	return nil
}

// ownPlace answers an officer's /ranking: for each indicator, their place
// among the officers of their own unit ("2/12") and their own figure.
func (t *turn) ownPlace() error {
	me := t.s.Person
	rows, err := t.e.cfg.Progress.Officers(me.Unit, t.asOf())
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("ranking.own_title", "name", me.Name, "unit", t.unitName(me.Unit)))
	b.WriteString(t.periodLine())
	for _, ind := range t.indicators() {
		b.WriteString("\n\n<b>" + locale.Escape(ind.Label) + "</b>\n")
		place, f := 0, progress.Figure{}
		if len(rows) > 0 {
			if k := figureIndex(rows[0].Status.Figures, ind.ID); k >= 0 {
				for n, r := range progress.Rank(rows, k) {
					if r.Person.Phone == me.Phone {
						place, f = n+1, r.Status.Figures[k]
					}
				}
			}
		}
		if place == 0 || !f.HasData {
			b.WriteString(t.p.HTML("ranking.own_no_data"))
			continue
		}
		b.WriteString(present.Flag(f) + t.p.HTML("ranking.own_place", "place", strconv.Itoa(place), "total", strconv.Itoa(len(rows))) +
			" · " + t.present().Rate(f))
	}
	t.say(fieldbot.Message{Text: b.String()})
	return nil
}

// missing answers /missing: who in the caller's scope has not reported for
// the period in question. Leaders and admins only.
func (t *turn) missing() error {
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

// figureIndex is the index of indicator id among fs, or -1.
func figureIndex(fs []progress.Figure, id string) int {
	for i, f := range fs {
		if f.Indicator.ID == id {
			return i
		}
	}
	return -1
}

// digest previews the caller's scheduled digest (leaders and admins); the
// relay builds it after the commit.
func (t *turn) digest() error {
	if !t.e.cfg.Digests {
		t.sayKey("error.not_yet")
		return nil
	}
	p := *t.s.Person
	t.res.Preview = &p
	return nil
}
