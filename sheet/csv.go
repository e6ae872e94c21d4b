package sheet

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"
)

// readCSV reads UTF-8 text, with or without a byte order mark, as CSV. The
// delimiter is the one of comma, semicolon (what Excel writes where the
// decimal separator is a comma, as in Vietnam) and tab that the first
// line holds most of, outside quotes.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fail(KeyNotSpreadsheet) // a photo, a PDF: binary
	}
	if !utf8.Valid(data) {
		return nil, fail(KeyNotUTF8)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	var g grid
	// Excel shows a blank line as an empty row, which encoding/csv skips:
	// count them back so that row numbers are those Excel shows.
	n, offset := 0, int64(0)
	for {
		n += 1 + blankLines(data[offset:])
		rec, err := r.Read()
		offset = r.InputOffset()
		if err == io.EOF {
			return g.rows, nil
		}
		if err != nil {
			return nil, fail(KeyDamaged)
		}
		for c, v := range rec {
			if err := g.set(n, c+1, v); err != nil {
				return nil, err
			}
		}
	}
}

// blankLines counts the line ends at the start of b.
func blankLines(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			n++
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			n++
		default:
			return n
		}
	}
	return n
}

func delimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}
