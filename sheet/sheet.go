// Package sheet reads the first worksheet of a spreadsheet that a stranger
// sent to the bot: an Excel .xlsx file, or a UTF-8 CSV file.
//
// A spreadsheet from chat is untrusted input, so Read is built to make a
// hostile file cheap to refuse rather than to read every file Excel can
// write. It uses only archive/zip and encoding/xml, and it refuses, never
// truncates:
//
//   - more than MaxFileSize bytes sent;
//   - parts that expand to more than MaxUnpacked bytes in all, or that
//     expand more than maxRatio times their packed size once past
//     ratioFloor (a zip bomb), counted as the bytes come out, whatever
//     the zip's headers claim;
//   - a value beyond row MaxRows or column MaxColumns (cells that carry
//     only formatting do not count);
//   - a cell with a formula: the sheets fieldbot reads (people, targets)
//     hold plain values, and a formula's cached result may be stale.
//
// Every refusal is an *Error whose Key is a catalog key, so the bot can
// say it in the person's language.
//
// What comes back is text as the file holds it: shared and inline strings
// as written (Office's _xHHHH_ escapes decoded), numbers as written in the
// XML (always with a dot: "84.5", "7581", "912345678"), booleans as "TRUE"
// or "FALSE", error values such as "#N/A" as they are. Number formats and
// dates are not interpreted: a date cell reads as its serial number.
package sheet

import (
	"bytes"
	"strconv"
	"strings"
)

// Limits on what Read accepts.
const (
	MaxFileSize = 5 << 20  // bytes sent
	MaxUnpacked = 50 << 20 // bytes unpacked from the zip, all parts together
	MaxRows     = 10000
	MaxColumns  = 50

	// A part may expand at most maxRatio times its packed size once it has
	// given ratioFloor bytes. Spreadsheet XML is repetitive and commonly
	// packs 10–30 times; a zip bomb packs thousands of times.
	maxRatio   = 100
	ratioFloor = 1 << 20
)

// Error is a refusal of the whole file. Key is a catalog key and Args its
// name/value pairs: printer.T(e.Key, e.Args...) says it.
type Error struct {
	Key  string
	Args []string
}

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return "sheet: " + e.Key
	}
	return "sheet: " + e.Key + " " + strings.Join(e.Args, " ")
}

func fail(key string, args ...string) *Error { return &Error{Key: key, Args: args} }

// The refusals, by catalog key.
const (
	KeyEmpty          = "sheet.empty"            // nothing in the file
	KeyTooBig         = "sheet.too_big"          // {max}: more than MaxFileSize
	KeyNotSpreadsheet = "sheet.not_xlsx"         // neither .xlsx nor CSV text (a photo, a PDF, a .docx)
	KeyOldExcel       = "sheet.old_excel"        // an .xls or a password-protected workbook
	KeyDamaged        = "sheet.damaged"          // a zip or XML that does not read
	KeyUnpackedTooBig = "sheet.unpacked_too_big" // {max}: a zip bomb
	KeyTooManyRows    = "sheet.too_many_rows"    // {max}
	KeyTooManyColumns = "sheet.too_many_columns" // {max}
	KeyFormula        = "sheet.formula"          // {cell}
	KeyNotUTF8        = "sheet.not_utf8"         // a CSV file in another encoding
)

// Read returns the cells of the first worksheet of an .xlsx file, or of a
// CSV file when data is not a zip. rows[i] is sheet row i+1: blank rows
// inside the sheet are kept (as empty rows) so that row numbers stay those
// Excel shows, blank rows at the end are dropped. A row's cells are in
// their columns, gaps filled with "", up to its last cell with a value.
// Errors are *Error.
func Read(data []byte) ([][]string, error) {
	switch {
	case len(data) == 0:
		return nil, fail(KeyEmpty)
	case len(data) > MaxFileSize:
		return nil, fail(KeyTooBig, "max", strconv.Itoa(MaxFileSize>>20))
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return readXLSX(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		// The OLE container of Excel 97–2003, and of an encrypted .xlsx.
		return nil, fail(KeyOldExcel)
	}
	return readCSV(data)
}

// grid collects cells by position and enforces the row and column limits.
type grid struct {
	rows [][]string
}

// set puts v at row r, column c (both 1-based). Empty values are not
// stored, so formatting alone never counts against the limits.
func (g *grid) set(r, c int, v string) error {
	if v == "" {
		return nil
	}
	if r > MaxRows {
		return fail(KeyTooManyRows, "max", strconv.Itoa(MaxRows))
	}
	if c > MaxColumns {
		return fail(KeyTooManyColumns, "max", strconv.Itoa(MaxColumns))
	}
	for len(g.rows) < r {
		g.rows = append(g.rows, nil)
	}
	row := g.rows[r-1]
	for len(row) < c {
		row = append(row, "")
	}
	row[c-1] = v
	g.rows[r-1] = row
	return nil
}
