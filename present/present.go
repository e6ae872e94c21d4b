// Package present writes progress figures as people read them, the same
// way in a /status answer and in the Friday digest: rates with a decimal
// comma, gaps in points, what is still needed in việc or đồng.
package present

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
)

// Writer renders figures in one language at one date.
type Writer struct {
	P     *locale.Printer
	Cal   fieldbot.Calendar
	Forms []fieldbot.Form
	Now   time.Time
}

// Figures renders every indicator of a status, one block each (HTML).
func (w Writer) Figures(st progress.UnitStatus) string {
	lang := w.P.Lang()
	var blocks []string
	for _, f := range st.Figures {
		var b strings.Builder
		fmt.Fprintf(&b, "<b>%s</b>: ", locale.Escape(f.Indicator.Label))
		if !f.HasData {
			b.WriteString(locale.Escape(w.P.T("status.no_data")))
			blocks = append(blocks, b.String())
			continue
		}
		b.WriteString("<b>" + locale.FormatPercent(lang, f.Rate) + "</b>")
		if f.HasTarget {
			b.WriteString("\n" + w.P.HTML("status.target", "target", locale.FormatPercent(lang, f.Target),
				"gap", w.Gap(f.Gap), "of_target", locale.FormatPercent(lang, f.OfTarget)))
		}
		if f.HasExpected {
			b.WriteString("\n" + w.P.HTML("status.expected", "expected", locale.FormatPercent(lang, f.Expected)))
		}
		if f.HasLastWeek {
			b.WriteString("\n" + w.P.HTML("status.last_week", "change", Signed(lang, f.Rate-f.LastWeek)))
		}
		if f.HasLastYear {
			b.WriteString("\n" + w.P.HTML("status.last_year", "rate", locale.FormatPercent(lang, f.LastYear)))
		}
		if f.HasTarget && f.NeededNumerator > 0 {
			b.WriteString("\n" + w.Needed(f))
		}
		blocks = append(blocks, b.String())
	}
	return strings.Join(blocks, "\n\n")
}

// OneLine is a name with each indicator's rate and gap (HTML).
func (w Writer) OneLine(name string, st progress.UnitStatus) string {
	parts := []string{"<b>" + locale.Escape(name) + "</b>"}
	for _, f := range st.Figures {
		if !f.HasData {
			parts = append(parts, locale.Escape(w.P.T("status.no_data")))
			continue
		}
		s := locale.FormatPercent(w.P.Lang(), f.Rate)
		if f.HasTarget {
			s += " (" + w.Gap(f.Gap) + ")"
		}
		parts = append(parts, locale.Escape(s))
	}
	return "• " + strings.Join(parts, " · ")
}

// Gap says a gap to target in words: "vượt 0,39 điểm" (plain text).
func (w Writer) Gap(g float64) string {
	g = math.Round(g*100) / 100
	if g >= 0 {
		return w.P.T("status.ahead", "points", locale.FormatDecimal(w.P.Lang(), g, 2))
	}
	return w.P.T("status.behind", "points", locale.FormatDecimal(w.P.Lang(), -g, 2))
}

// Needed says in absolute terms what is still missing by the year's end.
func (w Writer) Needed(f progress.Figure) string {
	money := false
	for _, form := range w.Forms {
		if form.ID != f.Indicator.Form {
			continue
		}
		for _, fl := range form.Fields {
			if fl.Type == fieldbot.FieldMoney && strings.Contains(f.Indicator.Numerator, fl.ID) {
				money = true
			}
		}
	}
	_, end := w.Cal.YearBounds(w.Cal.StatYear(w.Now))
	by := locale.FormatDate(end.AddDate(0, 0, -1))
	if money {
		return w.P.HTML("status.needed_money", "amount", locale.FormatMoney(w.P.Lang(), int64(math.Ceil(f.NeededNumerator))), "by", by)
	}
	return w.P.HTML("status.needed_count", "count", locale.FormatInt(w.P.Lang(), int64(math.Ceil(f.NeededNumerator))), "by", by)
}

// Signed is a change in points with its sign: "+0,45", "−1,20".
func Signed(lang locale.Lang, points float64) string {
	points = math.Round(points*100) / 100
	s := locale.FormatDecimal(lang, math.Abs(points), 2)
	if points < 0 {
		return "−" + s
	}
	return "+" + s
}

// PeriodLabel names a period in the printer's language
// ("Tuần 48/2026 (23/11–29/11/2026)").
func PeriodLabel(p *locale.Printer, per fieldbot.Period) string {
	switch per.Kind {
	case fieldbot.PeriodWeek:
		var y, w int
		fmt.Sscanf(per.Key, "%d-W%d", &y, &w)
		return p.T("period.week", "week", strconv.Itoa(w), "year", strconv.Itoa(y),
			"from", per.Start.Format("02/01"), "to", locale.FormatDate(per.LastDay()))
	case fieldbot.PeriodMonth:
		return p.T("period.month", "month", per.Start.Format("01"), "year", per.Start.Format("2006"))
	}
	return p.T("period.year", "year", per.Key)
}
