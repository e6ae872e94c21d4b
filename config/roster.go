package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/fieldbot/fieldbot"
)

var (
	rosterColumns   = []string{"phone", "name", "unit", "role"}
	rosterOptional  = []string{"title"}
	rosterHeaderMsg = "the header row must name the columns phone, name, unit, role and optionally title, in any order"
)

// loadRoster reads the roster CSV at path; name is how problems call the
// file. Every bad row is reported with its line, and any problem means no
// roster: a half-applied list of people would let the wrong people in or
// keep the right ones out. tree is nil when the units have problems; the
// rows' units are then not checked.
func loadRoster(path, name string, tree *fieldbot.Tree) (*fieldbot.Roster, Problems) {
	rr := &rosterReader{name: name, tree: tree, firstLine: map[string]int{}}
	data, err := os.ReadFile(path)
	if err != nil {
		rr.add(0, "", "cannot read the roster: %v", unwrapPath(err))
		return nil, rr.problems
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Excel's "CSV UTF-8" starts with a BOM
	if !rr.utf8(data) {
		return nil, rr.problems
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // rows of the wrong width are reported with their line
	if !rr.header(r) {
		return nil, rr.problems
	}
	var people []fieldbot.Person
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rr.add(pe.StartLine, "", "%v (a cell with \" or a comma is quoted, and its \" doubled: \"Lê \"\"Bé\"\" Ba\")", pe.Err)
			continue
		} else if err != nil {
			rr.add(0, "", "%v", err)
			break
		}
		line, _ := r.FieldPos(0)
		if p, ok := rr.row(line, rec); ok {
			people = append(people, p)
		}
	}
	if len(rr.problems) == 0 && len(people) == 0 {
		rr.add(0, "", "nobody is in the roster: the bot would let no one in")
	}
	if len(rr.problems) > 0 {
		return nil, rr.problems
	}
	roster, err := fieldbot.NewRoster(people)
	if err != nil { // row checks the duplicates; this is a safety net
		rr.add(0, "", "%v", err)
		return nil, rr.problems
	}
	return roster, nil
}

// utf8 reports whether the roster is UTF-8 text, and if not, reports its
// first line that is not. Excel's plain "CSV (Comma delimited)" writes the
// Windows code page (Windows-1258 for Vietnamese), whose names would come
// out as "Nguy��n V�n An" in every message.
func (rr *rosterReader) utf8(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	bad, first, text := 0, 0, ""
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			if bad == 0 {
				first, text = i+1, strings.ToValidUTF8(strings.TrimRight(string(line), "\r"), "�")
			}
			bad++
		}
	}
	more := ""
	switch {
	case bad == 2:
		more = " (nor is one more line)"
	case bad > 2:
		more = fmt.Sprintf(" (nor are %d more lines)", bad-1)
	}
	rr.add(first, "", "the line is not UTF-8 text%s: %q. It was probably saved by Excel as \"CSV (Comma delimited)\", "+
		"in the Windows code page (Windows-1258). Open it in Excel, choose File → Save As, pick \"CSV UTF-8 (Comma delimited) (*.csv)\" "+
		"and save it again", more, text)
	return false
}

// rosterReader checks a roster's header and rows and collects problems.
type rosterReader struct {
	name      string
	tree      *fieldbot.Tree
	col       map[string]int // column name → index
	width     int            // columns in the header
	required  int            // index of the last required column
	firstLine map[string]int // normalised phone → line it is first on
	problems  Problems
}

func (rr *rosterReader) add(line int, key, format string, args ...any) {
	rr.problems = append(rr.problems, Problem{File: rr.name, Line: line, Key: key, Message: fmt.Sprintf(format, args...)})
}

// header reads the header row: known column names, any case and order.
func (rr *rosterReader) header(r *csv.Reader) bool {
	header, err := r.Read()
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		rr.add(1, "", "the file is empty: %s", rosterHeaderMsg)
		return false
	case errors.As(err, &pe):
		rr.add(1, "", "cannot read the header row: %v", pe.Err)
		return false
	case err != nil:
		rr.add(1, "", "cannot read the header row: %v", err)
		return false
	}
	rr.col, rr.width = map[string]int{}, len(header)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch _, dup := rr.col[h]; {
		case dup:
			rr.add(1, h, "the column %q appears twice", h)
		case !slices.Contains(rosterColumns, h) && !slices.Contains(rosterOptional, h):
			rr.add(1, h, "unknown column %q: %s", header[i], rosterHeaderMsg)
		}
		rr.col[h] = i
	}
	for _, c := range rosterColumns {
		i, ok := rr.col[c]
		if !ok {
			rr.add(1, c, "no %q column: %s", c, rosterHeaderMsg)
		}
		rr.required = max(rr.required, i)
	}
	return len(rr.problems) == 0
}

// row checks one person; ok is false when the row is too broken to read.
func (rr *rosterReader) row(line int, rec []string) (p fieldbot.Person, ok bool) {
	switch {
	case len(rec) > rr.width:
		rr.add(line, "", "the row has %d columns; the header has %d (a cell with a comma needs \"quotes\")", len(rec), rr.width)
		return p, false
	case len(rec) <= rr.required:
		rr.add(line, "", "the row has %d columns; the header has %d", len(rec), rr.width)
		return p, false
	}
	cell := func(c string) string {
		i, ok := rr.col[c]
		if !ok || i >= len(rec) { // a short row may leave out the optional title
			return ""
		}
		return strings.TrimSpace(norm.NFC.String(rec[i])) // keyboards send composed or decomposed Vietnamese
	}
	p = fieldbot.Person{Name: cell("name"), Unit: strings.ToLower(cell("unit")), Title: cell("title")}

	phone, err := fieldbot.NormalizePhone(cell("phone"))
	switch first, dup := rr.firstLine[phone]; {
	case err != nil:
		rr.add(line, "phone", "%q is not a Vietnamese phone number", cell("phone"))
	case dup:
		rr.add(line, "phone", "%s is the same number as on line %d (%s): one person, one row", cell("phone"), first, phone)
	default:
		rr.firstLine[phone] = line
	}
	p.Phone = phone

	switch {
	case p.Name == "":
		rr.add(line, "name", "the name is empty")
	case strings.IndexFunc(p.Name, unicode.IsControl) >= 0:
		rr.add(line, "name", "the name %q contains a line break or another control character", p.Name)
	}

	role, err := fieldbot.ParseRole(cell("role"))
	if err != nil {
		rr.add(line, "role", "%q is not officer, leader or admin", cell("role"))
	}
	p.Role = role

	if rr.tree != nil {
		switch _, known := rr.tree.Unit(p.Unit); {
		case !known:
			rr.add(line, "unit", "unknown unit %q", cell("unit"))
		case role == fieldbot.RoleAdmin && p.Unit != rr.tree.Root():
			rr.add(line, "unit", "an admin leads the whole tree: put them in the root unit %q, not %q", rr.tree.Root(), p.Unit)
		}
	}
	return p, true
}
