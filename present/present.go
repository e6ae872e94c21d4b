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

// Figures renders every indicator of a status, one block each (HTML):
// the rate; where it should be by now and how far ahead or behind that
// pace (⚠️ when behind: Figure.Behind); the year's target and the gap to
// it; the week's change, the same date last year and what is still
// needed by the year's end.
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
		flag := Flag(f) // on the first line that follows
		if f.HasExpected {
			b.WriteString("\n" + flag + w.P.HTML("status.pace", "expected", locale.FormatPercent(lang, f.Expected), "pace", w.PaceGap(f)))
			flag = ""
		}
		if f.HasTarget {
			b.WriteString("\n" + flag + w.P.HTML("status.year_target", "target", locale.FormatPercent(lang, f.Target),
				"gap", w.Gap(f.Gap), "of_target", locale.FormatPercent(lang, f.OfTarget)))
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

// OneLine is a name over one line per indicator, each naming its figure,
// with its rate and both gaps, ⚠️ when behind the pace (HTML).
func (w Writer) OneLine(name string, st progress.UnitStatus) string {
	var b strings.Builder
	b.WriteString("• <b>" + locale.Escape(name) + "</b>")
	for _, f := range st.Figures {
		b.WriteString("\n   " + Flag(f) + locale.Escape(f.Indicator.Label) + ": " + w.Rate(f))
	}
	return b.String()
}

// RankLine is place n of a ranking: the name, the rate and both gaps,
// ⚠️ in front when behind the pace (HTML).
func (w Writer) RankLine(n int, name string, f progress.Figure) string {
	return fmt.Sprintf("%s%d. %s: %s", Flag(f), n, locale.Escape(name), w.Rate(f))
}

// Flag is the warning in front of a figure behind the pace, or "".
func Flag(f progress.Figure) string {
	if f.Behind {
		return "⚠️ "
	}
	return ""
}

// Rate is a figure's rate in bold with its gaps to the pace and to the
// year's target, or "no data" (HTML).
func (w Writer) Rate(f progress.Figure) string {
	if !f.HasData {
		return locale.Escape(w.P.T("status.no_data"))
	}
	s := "<b>" + locale.FormatPercent(w.P.Lang(), f.Rate) + "</b>"
	var gaps []string
	if f.HasExpected {
		gaps = append(gaps, w.PaceGap(f))
	}
	if f.HasTarget {
		gaps = append(gaps, w.TargetGap(f))
	}
	if len(gaps) > 0 {
		s += " (" + locale.Escape(strings.Join(gaps, "; ")) + ")"
	}
	return s
}

// Gap says a gap to target in words: "vượt 0,39 điểm" (plain text). It
// reads right next to the target it is measured from; elsewhere use
// TargetGap or PaceGap, which say which.
func (w Writer) Gap(g float64) string {
	g = math.Round(g*100) / 100
	if g >= 0 {
		return w.P.T("status.ahead", "points", locale.FormatDecimal(w.P.Lang(), g, 2))
	}
	return w.P.T("status.behind", "points", locale.FormatDecimal(w.P.Lang(), -g, 2))
}

// PaceGap says how far a figure is ahead of or behind the value expected
// by now: "chậm tiến độ 1,20 điểm" (plain text).
func (w Writer) PaceGap(f progress.Figure) string {
	return w.gapWords(f.Pace, "status.pace_ahead", "status.pace_behind", "status.pace_level")
}

// TargetGap says how far a figure is from the year's target:
// "còn thiếu 64,94 điểm so với chỉ tiêu năm" (plain text).
func (w Writer) TargetGap(f progress.Figure) string {
	return w.gapWords(f.Gap, "status.target_over", "status.target_short", "status.target_level")
}

// gapWords rounds g to the two decimals shown and words it.
func (w Writer) gapWords(g float64, ahead, behind, level string) string {
	c := math.Round(g * 100)
	switch {
	case c > 0:
		return w.P.T(ahead, "points", locale.FormatDecimal(w.P.Lang(), c/100, 2))
	case c < 0:
		return w.P.T(behind, "points", locale.FormatDecimal(w.P.Lang(), -c/100, 2))
	}
	return w.P.T(level)
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
		// Read at a glance: "1.364 tỷ đồng"; confirmations and exports
		// keep every đồng.
		return w.P.HTML("status.needed_money", "amount", locale.FormatMoneyRounded(w.P.Lang(), int64(math.Ceil(f.NeededNumerator))), "by", by)
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
