// Package digest writes what leaders get on a schedule — the digest of
// their subtree with its chart and spreadsheet, reminders, escalations and
// correction notices — and queues it once per person per run. It reads
// figures through progress and knows nothing of channels: messages are
// neutral and go through the store's outbox like every reply.
package digest

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/chart"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/workbook"
)

// Progress is what a digest reads; progress.Ledger implements it.
type Progress interface {
	Unit(unit string, at time.Time) (progress.UnitStatus, error)
	// Breakdown is a unit's sub-units or, for a unit without any, its
	// officers (byOfficer), as /status and /ranking list them.
	Breakdown(unit string, at time.Time) (rows []progress.Row, byOfficer bool, err error)
	Person(phone string, at time.Time) (progress.UnitStatus, error)
	Missing(unit string, at time.Time) []fieldbot.Person
}

// Config is what every digest is built from.
type Config struct {
	Tree     *fieldbot.Tree
	Roster   *fieldbot.Roster
	Calendar fieldbot.Calendar
	Forms    []fieldbot.Form
	Form     fieldbot.Form // the indicators' form: its periods are the digest's
	Lang     locale.Lang
	Progress Progress
	Excel    bool // attach a spreadsheet
}

// Request says what one digest is about.
type Request struct {
	Unit   string
	Period fieldbot.Period
	At     time.Time // figures as of
	// Since is when the previous digest's figures were taken; zero if none.
	Since time.Time
	// Reminded are the phones reminded this period: those who reported
	// after it count as late. Nil: no on-time/late split.
	Reminded map[string]bool
	// Late is the scheduled time of a run caught up after a downtime.
	Late    time.Time
	Preview bool
	// Lang is the recipient's language; zero: the configured one.
	Lang locale.Lang
}

// maxMissingNames bounds the names listed; /missing has the full list.
const maxMissingNames = 30

// PeriodFor is the period a digest, reminder or escalation run at t is
// about, and the time its figures are taken at: the form's period in
// question (fieldbot.Calendar.InQuestion), so a Friday digest covers the
// current week and a Monday morning digest the week that just ended, as of
// its last second.
func (c *Config) PeriodFor(t time.Time) (fieldbot.Period, time.Time) {
	p := c.Calendar.InQuestion(&c.Form, t)
	return p, p.AsOf(t)
}

// Build writes the digest for one unit: a chart with a caption, the text,
// and optionally a spreadsheet, as one neutral message.
func (c *Config) Build(r Request) (fieldbot.Message, error) {
	p := c.printer(r.Lang)
	w := present.Writer{P: p, Cal: c.Calendar, Forms: c.Forms, Now: r.At}
	st, err := c.Progress.Unit(r.Unit, r.At)
	if err != nil {
		return fieldbot.Message{}, err
	}
	rows, byOfficer, err := c.Progress.Breakdown(r.Unit, r.At)
	if err != nil {
		return fieldbot.Message{}, err
	}
	loc := c.Calendar.Location
	period := present.PeriodLabel(p, r.Period)
	var b strings.Builder
	b.WriteString("<b>" + p.HTML("digest.title", "period", period) + "</b>\n")
	b.WriteString(p.HTML("digest.unit", "unit", st.Unit.Name, "date", locale.FormatDateTime(r.At.In(loc))))
	if !r.Late.IsZero() {
		b.WriteString("\n" + p.HTML("digest.late", "time", locale.FormatDateTime(r.Late.In(loc))))
	}
	if r.Preview {
		b.WriteString("\n" + p.HTML("digest.preview"))
	}
	b.WriteString("\n\n" + w.Figures(st))
	if !r.Since.IsZero() {
		if since := c.since(p, st, r); since != "" {
			b.WriteString("\n\n" + since)
		}
	}
	for i, f := range st.Figures {
		if len(rows) == 0 {
			break
		}
		key := "digest.ranking"
		if byOfficer {
			key = "digest.by_officer"
		}
		b.WriteString("\n\n<b>" + p.HTML(key, "indicator", f.Indicator.Label) + "</b>")
		for n, rw := range progress.Rank(rows, i) {
			b.WriteString("\n" + w.RankLine(n+1, rw.Name, rw.Status.Figures[i]))
		}
	}
	b.WriteString("\n\n" + c.completeness(p, st, r))

	msg := fieldbot.Message{Text: b.String(), Lang: string(p.Lang())}
	if len(rows) > 0 && len(st.Figures) > 0 {
		png, err := c.chart(p, st, rows, period)
		if err != nil {
			return fieldbot.Message{}, err
		}
		msg.Photo = &fieldbot.File{Name: "tien-do-" + r.Period.Key + ".png", Data: png}
		msg.Caption = p.T("digest.caption", "unit", st.Unit.Name, "period", period)
	}
	if c.Excel {
		xlsx, err := c.workbook(p, r, st, rows)
		if err != nil {
			return fieldbot.Message{}, err
		}
		msg.Document = &fieldbot.File{Name: fmt.Sprintf("tien-do-%s-%s.xlsx", r.Unit, r.Period.Key), Data: xlsx}
	}
	return msg, nil
}

// printer speaks lang, or the configured language if lang is zero.
func (c *Config) printer(lang locale.Lang) *locale.Printer {
	return locale.New(locale.Or(string(lang), c.Lang))
}

// since is the change of each indicator since the previous digest.
func (c *Config) since(p *locale.Printer, st progress.UnitStatus, r Request) string {
	prev, err := c.Progress.Unit(r.Unit, r.Since)
	if err != nil {
		return ""
	}
	var lines []string
	for i, f := range st.Figures {
		if i >= len(prev.Figures) || !f.HasData || !prev.Figures[i].HasData {
			continue
		}
		lines = append(lines, "• "+p.HTML("digest.since_line", "indicator", f.Indicator.Label,
			"change", present.Signed(p.Lang(), f.Rate-prev.Figures[i].Rate)))
	}
	if len(lines) == 0 {
		return ""
	}
	head := p.HTML("digest.since", "date", locale.FormatDateTime(r.Since.In(c.Calendar.Location)))
	return head + "\n" + strings.Join(lines, "\n")
}

// completeness says who reported, on time or after a reminder, and who
// has not.
func (c *Config) completeness(p *locale.Printer, st progress.UnitStatus, r Request) string {
	lang := p.Lang()
	missing := c.Progress.Missing(r.Unit, r.At)
	var b strings.Builder
	if r.Reminded != nil {
		late := 0
		missed := make(map[string]bool, len(missing))
		for _, m := range missing {
			missed[m.Phone] = true
		}
		for phone := range r.Reminded {
			if !missed[phone] && c.inScope(r.Unit, phone) {
				late++
			}
		}
		b.WriteString(p.HTML("digest.reported", "done", locale.FormatInt(lang, int64(st.Reported)),
			"total", locale.FormatInt(lang, int64(st.Reporters)),
			"on_time", locale.FormatInt(lang, int64(st.Reported-late)), "late", locale.FormatInt(lang, int64(late))))
	} else {
		b.WriteString(p.HTML("status.reported", "done", locale.FormatInt(lang, int64(st.Reported)),
			"total", locale.FormatInt(lang, int64(st.Reporters))))
	}
	if len(missing) == 0 {
		b.WriteString("\n" + p.HTML("digest.all_reported"))
		return b.String()
	}
	b.WriteString("\n" + p.HTML("digest.missing", "count", locale.FormatInt(lang, int64(len(missing)))))
	for i, m := range missing {
		if i == maxMissingNames {
			b.WriteString("\n" + p.HTML("digest.missing_more", "count", locale.FormatInt(lang, int64(len(missing)-i))))
			break
		}
		b.WriteString("\n• " + locale.Escape(m.Name))
		if m.Unit != r.Unit {
			if u, ok := c.Tree.Unit(m.Unit); ok {
				b.WriteString(" — " + locale.Escape(u.Name))
			}
		}
	}
	return b.String()
}

func (c *Config) inScope(unit, phone string) bool {
	person, ok := c.Roster.Lookup(phone)
	return ok && person.Role == fieldbot.RoleOfficer && c.Tree.Contains(unit, person.Unit)
}

// chart draws each indicator's rows as bars against where they should be
// by now and their year's target, orange when behind that pace.
func (c *Config) chart(p *locale.Printer, st progress.UnitStatus, rows []progress.Row, period string) ([]byte, error) {
	ch := chart.Chart{
		Title:         st.Unit.Name + " — " + period,
		TargetLabel:   p.T("digest.chart_year_target"),
		ExpectedLabel: p.T("digest.chart_expected"),
		Format:        func(v float64) string { return locale.FormatPercent(p.Lang(), v) },
	}
	for i, f := range st.Figures {
		panel := chart.Panel{Title: f.Indicator.Label}
		for _, rw := range progress.Rank(rows, i) {
			rf := rw.Status.Figures[i]
			bar := chart.Bar{Label: rw.Name, Value: math.NaN(), Target: math.NaN(), Expected: math.NaN(), Behind: rf.Behind}
			if rf.HasData {
				bar.Value = rf.Rate
			}
			if rf.HasTarget {
				bar.Target = rf.Target
			}
			if rf.HasExpected {
				bar.Expected = rf.Expected
			}
			panel.Bars = append(panel.Bars, bar)
		}
		ch.Panels = append(ch.Panels, panel)
	}
	return chart.PNG(ch)
}

// workbook is the period's figures per unit and per officer, as number
// cells a leader can sort and sum.
func (c *Config) workbook(p *locale.Printer, r Request, st progress.UnitStatus, rows []progress.Row) ([]byte, error) {
	units := workbook.Sheet{Name: p.T("digest.sheet_units"), Title: st.Unit.Name + " — " + present.PeriodLabel(p, r.Period)}
	units.Columns = []workbook.Column{
		{Header: p.T("digest.col_unit")},
		{Header: p.T("digest.col_reporters"), Kind: workbook.Int},
		{Header: p.T("digest.col_reported"), Kind: workbook.Int},
	}
	for _, f := range st.Figures {
		units.Columns = append(units.Columns,
			workbook.Column{Header: f.Indicator.Label, Kind: workbook.Percent},
			workbook.Column{Header: p.T("digest.col_target", "indicator", f.Indicator.Label), Kind: workbook.Percent},
			workbook.Column{Header: p.T("digest.col_gap", "indicator", f.Indicator.Label), Kind: workbook.Decimal})
	}
	unitRow := func(name string, s progress.UnitStatus) []any {
		out := []any{name, s.Reporters, s.Reported}
		for _, f := range s.Figures {
			out = append(out, figure(f.Rate, f.HasData), figure(f.Target, f.HasTarget), figure(f.Gap, f.HasData && f.HasTarget))
		}
		return out
	}
	units.Rows = append(units.Rows, unitRow(st.Unit.Name, st))
	for _, sub := range rows {
		if sub.Person == nil {
			units.Rows = append(units.Rows, unitRow(sub.Name, sub.Status))
		}
	}

	officers := workbook.Sheet{Name: p.T("digest.sheet_officers"), Title: units.Title}
	officers.Columns = []workbook.Column{
		{Header: p.T("digest.col_name")}, {Header: p.T("digest.col_phone")}, {Header: p.T("digest.col_unit")},
		{Header: p.T("digest.col_reported")},
	}
	for _, f := range st.Figures {
		officers.Columns = append(officers.Columns, workbook.Column{Header: f.Indicator.Label, Kind: workbook.Percent})
	}
	for _, person := range c.Roster.InUnits(c.Tree.Subtree(r.Unit)) {
		if person.Role != fieldbot.RoleOfficer {
			continue
		}
		ps, err := c.Progress.Person(person.Phone, r.At)
		if err != nil {
			return nil, err
		}
		u, _ := c.Tree.Unit(person.Unit)
		reported := p.T("digest.col_no")
		if ps.Reported > 0 {
			reported = p.T("digest.col_yes")
		}
		line := []any{person.Name, person.Phone, u.Name, reported}
		for _, f := range ps.Figures {
			line = append(line, figure(f.Rate, f.HasData))
		}
		officers.Rows = append(officers.Rows, line)
	}
	return workbook.Build([]workbook.Sheet{units, officers})
}

func figure(v float64, ok bool) any {
	if !ok {
		return nil
	}
	return v
}
