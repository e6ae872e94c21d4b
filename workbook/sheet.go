package workbook

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Excel's limits on a worksheet.
const (
	maxColumns   = 16384
	maxRows      = 1048576
	maxCellChars = 32767 // in UTF-16 code units
	maxColWidth  = 255
)

// Style ids: the position of each <xf> in the cellXfs of styles.xml.
const (
	styleDefault = iota
	styleTitle
	styleHeader
	styleGrouped // "#,##0": Int and Money
	stylePercent // "0.00%"
	styleDecimal // "#,##0.00"
	styleDate    // "dd/mm/yyyy"
	numberOfStyles
)

// kindStyle is the style of a value cell of each kind.
var kindStyle = [Date + 1]int{
	Text:    styleDefault,
	Int:     styleGrouped,
	Money:   styleGrouped,
	Percent: stylePercent,
	Decimal: styleDecimal,
	Date:    styleDate,
}

// layout is where a sheet's parts go: the header row and the last cell.
type layout struct {
	headerRow int // 1, or 2 below a title
	lastCol   int // at least 1
	lastRow   int
}

func sheetLayout(s *Sheet) layout {
	l := layout{headerRow: 1, lastCol: max(len(s.Columns), 1)}
	if s.Title != "" {
		l.headerRow = 2
	}
	l.lastRow = l.headerRow + len(s.Rows)
	if len(s.Columns) == 0 {
		l.lastRow = 1 // nothing but the title, if any
	}
	return l
}

// appendSheet appends the worksheet XML of s. The sheet has been checked
// (checkSheet and the limits in Build), so every value converts.
func appendSheet(b []byte, s *Sheet, selected bool) []byte {
	l := sheetLayout(s)
	ncol := len(s.Columns)
	b = append(b, xmlHeader+`<worksheet xmlns="`+nsMain+`">`...)
	b = append(b, `<dimension ref="A1:`...)
	b = appendRef(b, l.lastCol, l.lastRow)
	b = append(b, `"/><sheetViews><sheetView`...)
	if selected {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0"`...)
	if ncol == 0 {
		b = append(b, `/></sheetViews>`...)
	} else {
		// Rows above the first data row stay in view while scrolling.
		b = append(b, `><pane ySplit="`...)
		b = strconv.AppendInt(b, int64(l.headerRow), 10)
		b = append(b, `" topLeftCell="`...)
		b = appendRef(b, 1, l.headerRow+1)
		b = append(b, `" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="`...)
		b = appendRef(b, 1, l.headerRow+1)
		b = append(b, `" sqref="`...)
		b = appendRef(b, 1, l.headerRow+1)
		b = append(b, `"/></sheetView></sheetViews>`...)
	}
	if ncol > 0 {
		b = append(b, `<cols>`...)
		for j, c := range s.Columns {
			w := c.Width
			if !(w > 0) { // also NaN
				w = autoWidth(c, j, s.Rows)
			}
			b = append(b, `<col min="`...)
			b = strconv.AppendInt(b, int64(j+1), 10)
			b = append(b, `" max="`...)
			b = strconv.AppendInt(b, int64(j+1), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendFloat(b, min(w, maxColWidth), 'f', -1, 64)
			b = append(b, `" customWidth="1"`...)
			if c.Kind != Text {
				// So that a figure typed into an empty cell is formatted too.
				b = append(b, ` style="`...)
				b = strconv.AppendInt(b, int64(kindStyle[c.Kind]), 10)
				b = append(b, '"')
			}
			b = append(b, `/>`...)
		}
		b = append(b, `</cols>`...)
	}

	b = append(b, `<sheetData>`...)
	if s.Title != "" {
		b = append(b, `<row r="1">`...)
		b = appendTextCell(b, 1, 1, styleTitle, s.Title)
		b = append(b, `</row>`...)
	}
	if ncol > 0 {
		b = appendRowStart(b, l.headerRow)
		for j, c := range s.Columns {
			b = appendTextCell(b, j+1, l.headerRow, styleHeader, c.Header)
		}
		b = append(b, `</row>`...)
	}
	for r, row := range s.Rows {
		rowNum := l.headerRow + 1 + r
		b = appendRowStart(b, rowNum)
		for j, v := range row {
			k := s.Columns[j].Kind
			cv, _ := cellValue(k, v) // checked by checkSheet
			switch cv := cv.(type) {
			case string:
				b = appendTextCell(b, j+1, rowNum, kindStyle[k], cv)
			case int64:
				b = appendNumberStart(b, j+1, rowNum, kindStyle[k])
				b = strconv.AppendInt(b, cv, 10)
				b = append(b, `</v></c>`...)
			case float64:
				b = appendNumberStart(b, j+1, rowNum, kindStyle[k])
				b = strconv.AppendFloat(b, cv, 'f', -1, 64)
				b = append(b, `</v></c>`...)
			case time.Time:
				b = appendNumberStart(b, j+1, rowNum, kindStyle[k])
				b = strconv.AppendInt(b, dateSerial(cv), 10)
				b = append(b, `</v></c>`...)
			}
		}
		b = append(b, `</row>`...)
	}
	b = append(b, `</sheetData>`...)
	if ncol > 0 {
		b = append(b, `<autoFilter ref="`...)
		b = appendRange(b, false, 1, l.headerRow, l.lastCol, l.lastRow)
		b = append(b, `"/>`...)
	}
	return append(b, `</worksheet>`...)
}

func appendRowStart(b []byte, row int) []byte {
	b = append(b, `<row r="`...)
	b = strconv.AppendInt(b, int64(row), 10)
	return append(b, `">`...)
}

// appendNumberStart opens a number cell up to its value: a cell without a
// t attribute is a number.
func appendNumberStart(b []byte, col, row, style int) []byte {
	b = append(b, `<c r="`...)
	b = appendRef(b, col, row)
	b = append(b, '"')
	b = appendStyle(b, style)
	return append(b, `><v>`...)
}

// appendTextCell appends an inline string cell. Text longer than Excel's
// cell limit is cut; leading or trailing white space is kept.
func appendTextCell(b []byte, col, row, style int, s string) []byte {
	s = cutUTF16(s, maxCellChars)
	b = append(b, `<c r="`...)
	b = appendRef(b, col, row)
	b = append(b, '"')
	b = appendStyle(b, style)
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendEscaped(b, s, false, true)
	return append(b, `</t></is></c>`...)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func appendStyle(b []byte, style int) []byte {
	if style == styleDefault {
		return b
	}
	b = append(b, ` s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	return append(b, '"')
}

// appendCol appends the letters of a 1-based column number: 1 A, 27 AA.
func appendCol(b []byte, col int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for col > 0 {
		col--
		i--
		tmp[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, tmp[i:]...)
}

// appendRef appends a cell reference such as B7.
func appendRef(b []byte, col, row int) []byte {
	return strconv.AppendInt(appendCol(b, col), int64(row), 10)
}

// appendRange appends a range such as A2:F5, or $A$2:$F$5 when absolute.
func appendRange(b []byte, absolute bool, col1, row1, col2, row2 int) []byte {
	for i, c := range [2][2]int{{col1, row1}, {col2, row2}} {
		if i == 1 {
			b = append(b, ':')
		}
		if absolute {
			b = append(b, '$')
		}
		b = appendCol(b, c[0])
		if absolute {
			b = append(b, '$')
		}
		b = strconv.AppendInt(b, int64(c[1]), 10)
	}
	return b
}

// dateSerial is the Excel serial number (1900 date system) of a date at
// midnight UTC, 1900-01-01 or later. Excel counts a 29 February 1900 that
// never was, so from 1 March 1900 on the serial is the number of days since
// 30 December 1899.
func dateSerial(t time.Time) int64 {
	days := t.Unix()/86400 + 25569 // 1970-01-01 is serial 25569
	if days < 61 {                 // before 1 March 1900
		days--
	}
	return days
}

// appendEscaped appends s as XML character data: markup characters become
// references, and so do carriage returns (and, in an attribute value, tabs
// and line feeds), which a parser would otherwise normalise. What XML 1.0
// cannot hold at all, control characters other than tab, line feed and
// carriage return, U+FFFE, U+FFFF, and bytes that are not UTF-8 (such as an
// encoded surrogate), becomes U+FFFD, as encoding/xml does.
//
// With xstring, s is an Office string (ST_Xstring), in which _xHHHH_ stands
// for the character U+HHHH: an underscore that would start such a sequence
// is itself written as _x005F_, so that the text reads back as given.
func appendEscaped(b []byte, s string, attr, xstring bool) []byte {
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"' && attr:
			b = append(b, "&quot;"...)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case (r == '\t' || r == '\n') && attr:
			b = append(b, "&#x"...)
			b = strconv.AppendInt(b, int64(r), 16)
			b = append(b, ';')
		case r == '_' && xstring && isXstringEscape(s[i:]):
			b = append(b, "_x005F_"...)
		case r == utf8.RuneError && width == 1, !isXMLChar(r):
			b = append(b, "\uFFFD"...)
		default:
			b = append(b, s[i:i+width]...)
		}
		i += width
	}
	return b
}

// isXstringEscape reports whether s starts with _xHHHH_.
func isXstringEscape(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isXMLChar reports whether XML 1.0 can hold r.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
