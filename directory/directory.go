// Package directory turns the two lists an office keeps in Excel, its
// people (the roster) and its targets, into spreadsheets and back.
//
// The round trip is: the bot sends the current list (WriteRoster,
// WriteTargets), a person edits it in Excel and sends it back, sheet.Read
// turns the file into rows of text and ReadRoster or ReadTargets checks
// every row. Either every row is good and the whole list comes back, or
// the caller gets every problem, each with its sheet row and the column's
// heading as written in the file, and applies nothing.
//
// The sheets are read the way people edit them, not the way the bot wrote
// them: the heading row may be the roster file's own column names
// (phone,name,unit,role,title) or the headings the bot writes, in
// Vietnamese or English, in any case, with or without diacritics, in any
// order; columns the bot does not know are ignored (the unit's name is
// written for reading only); blank rows are skipped. A unit is its id or
// its name, an indicator its id or its label, a role its id or its word in
// either language. A phone that Excel turned into a number and so lost
// its leading 0 ("912345678") is still that phone. A percentage is read
// from a number cell ("83.9", as Excel's XML writes it) or from text the
// Vietnamese way ("83,90", "83,90%").
//
// The package checks what a file says, not who may say it: whether a
// leader may add this person or set that unit's target is the caller's
// rule.
package directory

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// Problem is one thing wrong in a sheet. Row is the sheet row (1-based, as
// Excel shows it), Column the heading of the cell's column as written in
// the file ("" for a problem of the whole row or file). Key is a catalog
// key and Args its name/value pairs; Text says it all in one line.
type Problem struct {
	Row    int
	Column string
	Key    string
	Args   []string
}

// Text renders the problem in p's language: "Dòng 14, cột Số điện thoại:
// 09123A5678 không phải số điện thoại."
func (pr Problem) Text(p *locale.Printer) string {
	args := pr.Args
	if pr.Key == keyMissingColumn {
		// The column is named by its id, said in the reader's language.
		args = append([]string(nil), args...)
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == "column" {
				args[i+1] = p.T("directory.col." + args[i+1])
			}
		}
	}
	msg := p.T(pr.Key, args...)
	switch {
	case pr.Row == 0:
		return msg
	case pr.Column == "":
		return p.T("import.problem_row", "row", strconv.Itoa(pr.Row), "problem", msg)
	}
	return p.T("import.problem", "row", strconv.Itoa(pr.Row), "column", pr.Column, "problem", msg)
}

const (
	keyMissingColumn = "import.missing_column"
	keyRequired      = "import.required"
)

// problems collects the problems of one sheet.
type problems []Problem

func (ps *problems) add(row int, column, key string, args ...string) {
	*ps = append(*ps, Problem{Row: row, Column: column, Key: key, Args: args})
}

// table is a sheet with its heading row understood.
type table struct {
	rows      [][]string
	headerRow int            // 1-based
	col       map[string]int // column id → index
	heading   map[string]string
}

// headings says which column id each folded heading names.
type headings map[string]string

// newHeadings recognises, for each column id, the id itself, its heading in
// both languages and the given aliases.
func newHeadings(aliases map[string][]string) headings {
	h := headings{}
	vi, en := locale.New(locale.VI), locale.New(locale.EN)
	for id, more := range aliases {
		for _, a := range append([]string{id, vi.T("directory.col." + id), en.T("directory.col." + id)}, more...) {
			h[foldHeading(a)] = id
		}
	}
	return h
}

// foldHeading folds a heading for matching, and drops a percent sign in
// brackets or at the end: "Giá trị (%)" is "gia tri".
func foldHeading(s string) string {
	s = locale.Fold(s)
	s = strings.TrimSuffix(s, "(%)")
	s = strings.TrimSuffix(s, "%")
	return strings.TrimSpace(s)
}

// readHeader finds the heading row, the first row with any text, and the
// columns it names. other is called for a heading that names no known
// column; required columns that are missing are problems of that row.
func readHeader(rows [][]string, known headings, required []string, ps *problems, other func(row, i int, heading string)) (*table, bool) {
	t := &table{rows: rows, col: map[string]int{}, heading: map[string]string{}}
	for i, r := range rows {
		if !blank(r) {
			t.headerRow = i + 1
			break
		}
	}
	if t.headerRow == 0 {
		ps.add(0, "", "import.no_rows")
		return nil, false
	}
	bad := false
	for i, h := range rows[t.headerRow-1] {
		h = locale.CleanInput(h)
		if h == "" {
			continue
		}
		id, ok := known[foldHeading(h)]
		_, dup := t.heading[id]
		switch {
		case !ok:
			if other != nil {
				other(t.headerRow, i, h)
			}
		case dup:
			ps.add(t.headerRow, h, "import.duplicate_column", "column", h)
			bad = true
		default:
			t.col[id], t.heading[id] = i, h
		}
	}
	for _, id := range required {
		if _, ok := t.heading[id]; !ok {
			ps.add(t.headerRow, "", keyMissingColumn, "column", id)
			bad = true
		}
	}
	return t, !bad
}

// cell returns the cleaned text of column id in a row, "" when the file
// has no such column or the row stops short of it.
func (t *table) cell(row []string, id string) string {
	if _, ok := t.heading[id]; !ok {
		return ""
	}
	i := t.col[id]
	if i >= len(row) {
		return ""
	}
	return locale.CleanInput(row[i])
}

// dataRows calls f for each non-blank row below the heading, with its
// 1-based sheet row, and reports whether there was any.
func (t *table) dataRows(f func(n int, row []string)) bool {
	any := false
	for i := t.headerRow; i < len(t.rows); i++ {
		if blank(t.rows[i]) {
			continue
		}
		any = true
		f(i+1, t.rows[i])
	}
	return any
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// hasControl reports a line break or another control character, which a
// name or a title written on one line never has.
func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// phone normalises a phone from a cell: text in any common form, or a
// number cell, which has lost its leading 0 and may be written in
// scientific notation ("9.12345678E8").
func phone(s string) (string, error) {
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f < 1e15 && f == float64(int64(f)) {
			s = strconv.FormatInt(int64(f), 10)
		}
	}
	return fieldbot.NormalizePhone(s)
}

// units finds a unit by id (any case) or by its name folded; a name two
// units share finds neither.
type units struct {
	tree   *fieldbot.Tree
	byName map[string]string
}

func newUnits(tree *fieldbot.Tree) units {
	u := units{tree: tree, byName: map[string]string{}}
	if tree == nil {
		return u
	}
	for _, unit := range tree.Units() {
		k := locale.Fold(unit.Name)
		if _, dup := u.byName[k]; dup {
			u.byName[k] = ""
			continue
		}
		u.byName[k] = unit.ID
	}
	return u
}

func (u units) find(s string) (string, bool) {
	if u.tree == nil {
		return "", false
	}
	if _, ok := u.tree.Unit(strings.ToLower(s)); ok {
		return strings.ToLower(s), true
	}
	id := u.byName[locale.Fold(s)]
	return id, id != ""
}

func itoa(n int) string { return strconv.Itoa(n) }
