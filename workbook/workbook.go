// Package workbook writes the Excel (.xlsx) file that can be attached to the
// weekly digest.
//
// Leaders open the attachment to sort, filter and sum the period's figures,
// so every number is written as a real number cell with a display format,
// never as text: a percentage is stored as a fraction with the format
// "0.00%", money as whole đồng with "#,##0", a date as an Excel date serial
// with "dd/mm/yyyy". Format codes in the file are locale-independent; Excel
// shows the separators of the reader's own regional settings.
//
// The package knows nothing of units, officers or forms: the caller describes
// each sheet as typed columns and rows of plain Go values, and Build checks
// every value against its column's Kind, so a caller's mistake is an error
// naming the sheet, row and column rather than a silently wrong spreadsheet.
// The output depends only on the input, byte for byte.
//
// The package writes the SpreadsheetML parts itself (xlsx.go, sheet.go)
// rather than through a spreadsheet library: such a library's package
// initialisation alone would cost every running bot several MiB of memory
// for a file built once a week. Its tests read every file back with
// excelize, which is a test-only dependency.
package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is the type of a column's values and decides the cell's number format.
type Kind int

// The column kinds.
const (
	Text    Kind = iota // string
	Int                 // whole count, format "#,##0"
	Money               // whole đồng, format "#,##0"
	Percent             // given in percent points (81.89 means 81,89%): stored as 0.8189, format "0.00%"
	Decimal             // format "#,##0.00"
	Date                // time.Time, format "dd/mm/yyyy"
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "Text"
	case Int:
		return "Int"
	case Money:
		return "Money"
	case Percent:
		return "Percent"
	case Decimal:
		return "Decimal"
	case Date:
		return "Date"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Column describes one column of a sheet.
type Column struct {
	Header string
	Kind   Kind
	Width  float64 // in Excel character units; 0 = automatic from header and content
}

// Sheet is one worksheet: an optional title row, a header row, then the rows.
//
// Each row holds len(Columns) values: a string for Text; int, int64 or
// float64 (any Go integer or float type is accepted) for Int, Money, Percent
// and Decimal; a time.Time for Date; nil for an empty cell. NaN, ±Inf and the
// zero time.Time are written as empty cells. Int and Money floats are rounded
// to whole numbers, so that Excel's sums match what is shown. A Date keeps
// the calendar day in the value's own location and drops the time of day.
// Any other value is an error naming the sheet, row and column.
type Sheet struct {
	// Name is the tab name. It is made valid for Excel: the characters
	// : \ / ? * [ ] become "-", an apostrophe becomes "’", control
	// characters are dropped, it is cut to 31 characters and made unique
	// (ignoring case) by appending " (2)", " (3)"…; an empty name becomes
	// "Sheet<n>".
	Name string
	// Title, if not empty, is written bold in the first row, e.g.
	// "Tuần 48/2026 (23/11/2026 – 29/11/2026)"; the header row follows.
	Title   string
	Columns []Column
	Rows    [][]any
}

// Build writes an .xlsx file with the sheets in order and returns its bytes.
// Each sheet has a bold header row with a light fill, frozen panes below the
// header, an autofilter over the header and the rows, and column widths
// fitted to the content.
func Build(sheets []Sheet) ([]byte, error) {
	if len(sheets) == 0 {
		return nil, errors.New("workbook: no sheets")
	}
	for i := range sheets {
		if err := checkSheet(&sheets[i], i); err != nil {
			return nil, err
		}
	}
	names := sheetNames(sheets)
	for i := range sheets {
		if n := len(sheets[i].Columns); n > maxColumns {
			return nil, fmt.Errorf("workbook: sheet %q: %d columns, more than the %d a sheet can have", names[i], n, maxColumns)
		}
		if l := sheetLayout(&sheets[i]); l.lastRow > maxRows {
			return nil, fmt.Errorf("workbook: sheet %q: %d rows, more than the %d a sheet can have", names[i], l.lastRow, maxRows)
		}
	}
	out, err := writePackage(sheets, names)
	if err != nil {
		return nil, fmt.Errorf("workbook: write: %w", err)
	}
	return out, nil
}

// checkSheet verifies the shape and the type of every value of a sheet before
// anything is written.
func checkSheet(s *Sheet, idx int) error {
	for j, c := range s.Columns {
		if c.Kind < Text || c.Kind > Date {
			return fmt.Errorf("workbook: sheet %d %q, column %d %q: unknown kind %d", idx+1, s.Name, j+1, c.Header, int(c.Kind))
		}
	}
	for r, row := range s.Rows {
		if len(row) != len(s.Columns) {
			return fmt.Errorf("workbook: sheet %d %q, row %d: %d values for %d columns", idx+1, s.Name, r+1, len(row), len(s.Columns))
		}
		for j, v := range row {
			if _, err := cellValue(s.Columns[j].Kind, v); err != nil {
				return fmt.Errorf("workbook: sheet %d %q, row %d, column %d %q (%s): %w",
					idx+1, s.Name, r+1, j+1, s.Columns[j].Header, s.Columns[j].Kind, err)
			}
		}
	}
	return nil
}

// cellValue converts a row value to what is written: nil for an empty cell,
// string, int64, float64 or time.Time (a date at midnight UTC). The error says what is
// wrong with v, without naming the cell.
func cellValue(k Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if k == Text {
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("got %T %s, want a string", v, short(v))
	}
	if k == Date {
		t, ok := v.(time.Time)
		if !ok {
			return nil, fmt.Errorf("got %T %s, want a time.Time", v, short(v))
		}
		if t.IsZero() {
			return nil, nil
		}
		y, m, d := t.Date()
		if y < 1900 || y > 9999 {
			return nil, fmt.Errorf("date %s is outside the years 1900–9999 that Excel can show", t.Format(time.DateOnly))
		}
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	i, f, isInt, ok := number(v)
	if !ok {
		return nil, fmt.Errorf("got %T %s, want a number", v, short(v))
	}
	if !isInt && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nil, nil
	}
	switch k {
	case Int, Money:
		if isInt {
			return i, nil
		}
		f = math.Round(f)
		if math.Abs(f) < 1<<53 {
			return int64(f), nil
		}
		return round15(f), nil
	case Percent:
		if isInt {
			f = float64(i)
		}
		return round15(f / 100), nil
	case Decimal:
		if isInt {
			return i, nil
		}
		return round15(f), nil
	}
	return nil, fmt.Errorf("unknown kind %d", int(k))
}

// number reports v as an int64 (isInt) or a float64.
func number(v any) (i int64, f float64, isInt, ok bool) {
	switch n := v.(type) {
	case int:
		return int64(n), 0, true, true
	case int8:
		return int64(n), 0, true, true
	case int16:
		return int64(n), 0, true, true
	case int32:
		return int64(n), 0, true, true
	case int64:
		return n, 0, true, true
	case uint:
		return uintNumber(uint64(n))
	case uint8:
		return int64(n), 0, true, true
	case uint16:
		return int64(n), 0, true, true
	case uint32:
		return int64(n), 0, true, true
	case uint64:
		return uintNumber(n)
	case float32:
		// Through the shortest decimal form, so float32(0.1) stays 0.1.
		g, _ := strconv.ParseFloat(strconv.FormatFloat(float64(n), 'g', -1, 32), 64)
		return 0, g, false, true
	case float64:
		return 0, n, false, true
	}
	return 0, 0, false, false
}

func uintNumber(u uint64) (int64, float64, bool, bool) {
	if u <= math.MaxInt64 {
		return int64(u), 0, true, true
	}
	return 0, float64(u), false, true
}

// round15 rounds to the 15 significant digits Excel keeps, so that 99.99/100
// = 0.9998999999999999 is stored as 0.9999, the number a reader sees.
func round15(f float64) float64 {
	g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return f
	}
	return g
}

// short quotes a wrong value for an error message, cut to a readable length.
func short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}

// Column widths, in Excel character units.
const (
	minWidth  = 6
	maxWidth  = 60
	padWidth  = 2 // cell margins
	filterBtn = 3 // the autofilter drop-down button covers the header's right end
	dateWidth = 10
)

// autoWidth fits column j to its header and to the longest displayed value.
func autoWidth(c Column, j int, rows [][]any) float64 {
	w := float64(textWidth(c.Header))*1.1 + filterBtn // bold header
	var scratch []byte
	for _, row := range rows {
		if w >= maxWidth {
			break
		}
		cv, _ := cellValue(c.Kind, row[j])
		var n int
		switch v := cv.(type) {
		case nil:
			continue
		case string:
			n = textWidth(v)
		case time.Time:
			n = dateWidth
		case int64:
			scratch = strconv.AppendInt(scratch[:0], v, 10)
			n = groupedWidth(scratch)
		case float64:
			switch c.Kind {
			case Percent:
				scratch = strconv.AppendFloat(scratch[:0], v*100, 'f', 2, 64)
				n = groupedWidth(scratch) + 1
			case Decimal:
				scratch = strconv.AppendFloat(scratch[:0], v, 'f', 2, 64)
				n = groupedWidth(scratch)
			default:
				scratch = strconv.AppendFloat(scratch[:0], v, 'f', 0, 64)
				n = groupedWidth(scratch)
			}
		}
		if c.Kind == Decimal {
			if _, isInt := cv.(int64); isInt {
				n += 3 // ".00"
			}
		}
		w = max(w, float64(n))
	}
	return math.Round(min(max(w+padWidth, minWidth), maxWidth))
}

// groupedWidth is the length of a formatted number once thousands separators
// are added to its integer part.
func groupedWidth(b []byte) int {
	digits := len(b)
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		digits = i
	}
	if len(b) > 0 && b[0] == '-' {
		digits--
	}
	if digits > 3 {
		return len(b) + (digits-1)/3
	}
	return len(b)
}

// textWidth is the widest line of s in characters: runes, not bytes, and
// combining marks (a decomposed Vietnamese accent) take no room.
func textWidth(s string) int {
	widest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			widest, n = max(widest, n), 0
		case unicode.Is(unicode.Mn, r):
		default:
			n++
		}
	}
	return max(widest, n)
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// sheetNames returns a valid, unique tab name for every sheet.
func sheetNames(sheets []Sheet) []string {
	// Excel refuses a sheet called "History" (it is reserved for change
	// tracking); treat it as taken.
	used := map[string]bool{"history": true}
	names := make([]string, len(sheets))
	for i, s := range sheets {
		base := cleanSheetName(s.Name)
		if base == "" {
			base = "Sheet" + strconv.Itoa(i+1)
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = strings.TrimRightFunc(cutUTF16(base, maxSheetName-len(suffix)), unicode.IsSpace) + suffix
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// cleanSheetName makes s acceptable to Excel as a sheet name, not yet unique.
func cleanSheetName(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r):
			b.WriteByte('-')
		case r == '\'':
			// Excel forbids an apostrophe at either end of a sheet
			// name; a typographic one is the same everywhere.
			b.WriteRune('’')
		case r == utf8.RuneError, unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	s = strings.TrimSpace(b.String())
	return strings.TrimRightFunc(cutUTF16(s, maxSheetName), unicode.IsSpace)
}

// cutUTF16 cuts s to at most n UTF-16 code units, on a rune boundary.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
