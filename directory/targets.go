package directory

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/workbook"
)

// targetHeadings are the targets sheet's columns. A column headed by a day
// ("31/03", "03-31", "Mốc 31/03") is a milestone; the names are written
// for reading and ignored.
var targetHeadings = newHeadings(map[string][]string{
	"year":           {"nam", "statistical year"},
	"indicator":      {"ma chi tieu", "indicator id"},
	"unit":           {"ma don vi", "unit id"},
	"officer":        {"so dien thoai", "phone", "so dien thoai can bo", "officer phone", "person"},
	"value":          {"ty le", "value", "target value", "gia tri chi tieu"},
	"indicator_name": nil,
	"unit_name":      nil,
	"officer_name":   {"ho va ten", "name"},
})

var targetsRequired = []string{"year", "indicator", "value"}

// WriteTargets writes targets as an .xlsx with headings in p's language:
// year, indicator id, unit id, the officer's phone for a per-officer
// target (its unit is the officer's unit in the roster), the value, one
// column per milestone day in the statistical year's order from October,
// and for reading only the indicator's label, the unit's name and the
// officer's name. Values and milestones are number cells.
func WriteTargets(p *locale.Printer, targets []fieldbot.Target, tree *fieldbot.Tree, indicators []fieldbot.Indicator, roster *fieldbot.Roster) ([]byte, error) {
	var days []fieldbot.MonthDay
	seen := map[fieldbot.MonthDay]bool{}
	for _, t := range targets {
		for md := range t.Milestones {
			if d, err := fieldbot.ParseMonthDay(md); err == nil && !seen[d] {
				seen[d] = true
				days = append(days, d)
			}
		}
	}
	slices.SortFunc(days, func(a, b fieldbot.MonthDay) int {
		// October first: the order of the statistical year.
		return cmp.Or(cmp.Compare((a.Month+2)%12, (b.Month+2)%12), cmp.Compare(a.Day, b.Day))
	})

	cols := []workbook.Column{
		{Header: p.T("directory.col.year"), Kind: workbook.Int},
		{Header: p.T("directory.col.indicator")},
		{Header: p.T("directory.col.unit")},
		{Header: p.T("directory.col.officer")},
		{Header: p.T("directory.col.value") + " (%)", Kind: workbook.Decimal},
	}
	for _, d := range days {
		h := twoDigits(d.Day) + "/" + twoDigits(int(d.Month))
		if p.Lang() == locale.EN {
			h = d.String() // "03-31": no day/month confusion
		}
		cols = append(cols, workbook.Column{Header: h, Kind: workbook.Decimal})
	}
	for _, id := range []string{"indicator_name", "unit_name", "officer_name"} {
		cols = append(cols, workbook.Column{Header: p.T("directory.col." + id)})
	}

	labels := map[string]string{}
	for _, in := range indicators {
		labels[in.ID] = in.Label
	}
	rows := make([][]any, 0, len(targets))
	for _, t := range targets {
		unit, officer, officerName := t.Unit, "", ""
		if ph, ok := strings.CutPrefix(t.Unit, progress.PersonTargetPrefix); ok {
			unit, officer = "", ph
			if roster != nil {
				if person, ok := roster.Lookup(ph); ok {
					unit, officer, officerName = person.Unit, person.Phone, person.Name
				}
			}
		}
		row := []any{t.Year, t.Indicator, unit, officer, t.Value}
		for _, d := range days {
			if v, ok := t.Milestones[d.String()]; ok {
				row = append(row, v)
			} else {
				row = append(row, nil)
			}
		}
		name := ""
		if unit != "" {
			name = tree.Name(unit)
		}
		rows = append(rows, append(row, labels[t.Indicator], name, officerName))
	}
	return workbook.Build([]workbook.Sheet{{Name: p.T("directory.targets_sheet"), Columns: cols, Rows: rows}})
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ReadTargets reads the targets of a targets sheet (see the package
// comment for what it accepts). A row with an officer is that officer's
// own target: its Unit is progress.PersonTargetPrefix and the phone; the
// officer must be in the roster and, when the row names a unit, in that
// unit's subtree. When there are problems, targets is nil: nothing of the
// sheet may be applied. The []int gives the sheet row (1-based) of each
// target, for problems found later (who may set what).
//
// Milestones are checked one by one (a day, a percentage, not above the
// year-end value); that they rise through the year depends on the
// configured start of the statistical year and is the caller's check.
func ReadTargets(rows [][]string, tree *fieldbot.Tree, indicators []fieldbot.Indicator, roster *fieldbot.Roster) ([]fieldbot.Target, []int, []Problem) {
	var ps problems
	var at []int
	type milestone struct {
		col     int
		day     string // MM-DD
		heading string
	}
	var milestones []milestone
	t, ok := readHeader(rows, targetHeadings, targetsRequired, &ps, func(hr, i int, h string) {
		switch d, shaped, ok := parseDay(h); {
		case ok:
			milestones = append(milestones, milestone{i, d.String(), h})
		case shaped: // "31/02": meant as a day, not ignored as another column
			ps.add(hr, h, "import.bad_milestone", "value", h)
		}
	})
	if t != nil {
		// The unit column may be left out when every row names an officer.
		_, hasUnit := t.heading["unit"]
		_, hasOfficer := t.heading["officer"]
		if !hasUnit && !hasOfficer {
			ps.add(t.headerRow, "", keyMissingColumn, "column", "unit")
		}
		for i, m := range milestones {
			for _, o := range milestones[:i] {
				if o.day == m.day {
					ps.add(t.headerRow, m.heading, "import.duplicate_column", "column", m.heading)
				}
			}
		}
		ok = ok && len(ps) == 0
	}
	if !ok {
		return nil, nil, ps
	}

	us := newUnits(tree)
	inds := map[string]string{}
	for _, in := range indicators {
		inds[in.ID] = in.ID
	}
	for _, in := range indicators {
		if k := locale.Fold(in.Label); inds[k] == "" {
			inds[k] = in.ID
		}
	}
	firstRow := map[[3]string]int{}
	var out []fieldbot.Target
	any := t.dataRows(func(n int, row []string) {
		cell := func(id string) (string, string) { return t.cell(row, id), t.heading[id] }
		var tg fieldbot.Target
		good := true
		bad := func(col, key string, args ...string) {
			ps.add(n, col, key, args...)
			good = false
		}

		v, col := cell("year")
		year, err := number(v)
		switch {
		case v == "":
			bad(col, keyRequired)
		case err != nil || year != float64(int(year)) || year < 2000 || year > 2100:
			bad(col, "import.bad_year", "value", v)
		}
		tg.Year = int(year)

		v, col = cell("indicator")
		tg.Indicator = inds[strings.ToLower(v)]
		if tg.Indicator == "" {
			tg.Indicator = inds[locale.Fold(v)]
		}
		switch {
		case v == "":
			bad(col, keyRequired)
		case tg.Indicator == "":
			bad(col, "import.unknown_indicator", "value", v)
		}

		uv, ucol := cell("unit")
		unit, unitKnown := us.find(uv)
		if uv != "" && !unitKnown {
			bad(ucol, "import.unknown_unit", "value", uv)
		}
		tg.Unit = unit

		v, col = cell("officer")
		switch ph, err := phone(v); {
		case v == "":
			if uv == "" {
				bad(cmp.Or(ucol, col), keyRequired)
			}
		case err != nil:
			bad(col, "import.bad_phone", "value", v)
		default:
			person, found := fieldbot.Person{}, false
			if roster != nil {
				person, found = roster.Lookup(ph)
			}
			switch {
			case !found:
				bad(col, "import.unknown_officer", "value", v)
			case unitKnown && tree != nil && !tree.Contains(unit, person.Unit):
				bad(col, "import.officer_elsewhere", "name", person.Name, "unit", tree.Name(person.Unit))
			}
			tg.Unit = progress.PersonTargetPrefix + ph
		}

		v, col = cell("value")
		value, err := number(v)
		switch {
		case v == "":
			bad(col, keyRequired)
		case err != nil:
			bad(col, "import.bad_value", "value", v)
		case value < 0 || value > 100:
			bad(col, "import.value_range", "value", v)
		}
		tg.Value = value
		valueText := v

		for _, m := range milestones {
			v := ""
			if m.col < len(row) {
				v = locale.CleanInput(row[m.col])
			}
			if v == "" {
				continue
			}
			mv, err := number(v)
			switch {
			case err != nil:
				bad(m.heading, "import.bad_value", "value", v)
			case mv < 0 || mv > 100:
				bad(m.heading, "import.value_range", "value", v)
			case valueText != "" && mv > value:
				bad(m.heading, "import.milestone_above", "value", v, "target", valueText)
			}
			if tg.Milestones == nil {
				tg.Milestones = map[string]float64{}
			}
			tg.Milestones[m.day] = mv
		}

		if good {
			k := [3]string{strconv.Itoa(tg.Year), tg.Indicator, tg.Unit}
			if first := firstRow[k]; first != 0 {
				ps.add(n, "", "import.duplicate_target", "row", itoa(first))
			} else {
				firstRow[k] = n
			}
		}
		out = append(out, tg)
		at = append(at, n)
	})
	if !any {
		ps.add(t.headerRow, "", "import.no_rows")
	}
	if len(ps) > 0 {
		return nil, nil, ps
	}
	return out, at, nil
}

// xmlNumber is how a number cell's value is written in the file's XML:
// a dot for decimals, perhaps an exponent. "83.9" there is 83,9, whatever
// the reader's habits; text is read the Vietnamese way.
var xmlNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// number reads a number cell, or text written the Vietnamese way ("83,90",
// "83,90%"). A dot with exactly three digits after it in text could be a
// thousands dot, but no percentage or year has one, so a dot is a decimal
// point here.
func number(s string) (float64, error) {
	if xmlNumber.MatchString(s) {
		return strconv.ParseFloat(s, 64)
	}
	return locale.ParseNumber(s)
}

// parseDay reads a milestone heading: "31/03" or "31/3" (day/month, the
// Vietnamese way), "03-31" (month-day, as in the config file), either
// after "Mốc" or "Milestone", or the date serial Excel stores when
// someone types a date into a heading cell.
//
// shaped reports a heading that is written as a day, valid or not.
func parseDay(h string) (day fieldbot.MonthDay, shaped, ok bool) {
	s := locale.Fold(h)
	for _, prefix := range []string{"moc ", "milestone "} {
		s = strings.TrimPrefix(s, prefix)
	}
	var d, m int
	var err1, err2 error
	if a, b, ok := strings.Cut(s, "/"); ok {
		d, err1 = strconv.Atoi(a)
		m, err2 = strconv.Atoi(b)
	} else if a, b, ok := strings.Cut(s, "-"); ok {
		m, err1 = strconv.Atoi(a)
		d, err2 = strconv.Atoi(b)
	} else if n, err := strconv.Atoi(s); err == nil && n >= 36526 && n <= 73050 { // 2000–2099
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		return fieldbot.MonthDay{Month: t.Month(), Day: t.Day()}, true, true
	} else {
		return fieldbot.MonthDay{}, false, false
	}
	if err1 != nil || err2 != nil {
		return fieldbot.MonthDay{}, false, false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return fieldbot.MonthDay{}, true, false
	}
	md, err := fieldbot.ParseMonthDay(twoDigits(m) + "-" + twoDigits(d))
	return md, true, err == nil
}
