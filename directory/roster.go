package directory

import (
	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/workbook"
)

// rosterHeadings are the roster's columns: the roster file's names, the
// bot's headings and a few other ways offices head them. unit_name is
// written for reading and ignored.
var rosterHeadings = newHeadings(map[string][]string{
	"phone":     {"sdt", "so dt", "dien thoai", "phone number", "mobile"},
	"name":      {"ho ten", "full name"},
	"unit":      {"ma don vi", "unit id"},
	"unit_name": nil,
	"role":      nil,
	"title":     {"chuc vu", "position"},
})

var rosterRequired = []string{"phone", "name", "unit", "role"}

// roles reads a role as its id or as its word in either language.
var roles = func() map[string]fieldbot.Role {
	m := map[string]fieldbot.Role{}
	for _, lang := range []locale.Lang{locale.VI, locale.EN} {
		p := locale.New(lang)
		for _, r := range []fieldbot.Role{fieldbot.RoleOfficer, fieldbot.RoleLeader, fieldbot.RoleAdmin} {
			m[locale.Fold(p.T("role."+string(r)))] = r
			m[string(r)] = r
		}
	}
	return m
}()

// WriteRoster writes people as an .xlsx with headings in p's language:
// phone, name, unit id, role, title and, for reading only, the unit's
// name. Every cell is text, so a phone keeps its leading 0 and nothing a
// person typed can become a formula.
func WriteRoster(p *locale.Printer, people []fieldbot.Person, tree *fieldbot.Tree) ([]byte, error) {
	cols := []workbook.Column{}
	for _, id := range []string{"phone", "name", "unit", "role", "title", "unit_name"} {
		cols = append(cols, workbook.Column{Header: p.T("directory.col." + id)})
	}
	rows := make([][]any, 0, len(people))
	for _, ps := range people {
		rows = append(rows, []any{ps.Phone, ps.Name, ps.Unit, p.T("role." + string(ps.Role)), ps.Title, tree.Name(ps.Unit)})
	}
	return workbook.Build([]workbook.Sheet{{Name: p.T("directory.roster_sheet"), Columns: cols, Rows: rows}})
}

// ReadRoster reads the people of a roster sheet (see the package comment
// for what it accepts). Phones are normalised, names and titles NFC and
// trimmed, units are ids. When there are problems, people is nil: nothing
// of the sheet may be applied. The []int gives the sheet row (1-based) of
// each person, for problems found later (who may change whom).
func ReadRoster(rows [][]string, tree *fieldbot.Tree) ([]fieldbot.Person, []int, []Problem) {
	var ps problems
	var at []int
	t, ok := readHeader(rows, rosterHeadings, rosterRequired, &ps, nil)
	if !ok {
		return nil, nil, ps
	}
	us := newUnits(tree)
	firstRow := map[string]int{}
	var people []fieldbot.Person
	any := t.dataRows(func(n int, row []string) {
		cell := func(id string) (string, string) { return t.cell(row, id), t.heading[id] }
		var p fieldbot.Person

		v, col := cell("phone")
		switch ph, err := phone(v); {
		case v == "":
			ps.add(n, col, keyRequired)
		case err != nil:
			ps.add(n, col, "import.bad_phone", "value", v)
		case firstRow[ph] != 0:
			ps.add(n, col, "import.duplicate_phone", "value", v, "row", itoa(firstRow[ph]))
		default:
			firstRow[ph] = n
			p.Phone = ph
		}

		p.Name, col = cell("name")
		switch {
		case p.Name == "":
			ps.add(n, col, keyRequired)
		case hasControl(p.Name):
			ps.add(n, col, "import.control_chars")
		}

		v, col = cell("role")
		role, known := roles[locale.Fold(v)]
		switch {
		case v == "":
			ps.add(n, col, keyRequired)
		case !known:
			ps.add(n, col, "import.bad_role", "value", v)
		}
		p.Role = role

		v, col = cell("unit")
		unit, known := us.find(v)
		switch {
		case v == "":
			ps.add(n, col, keyRequired)
		case !known:
			ps.add(n, col, "import.unknown_unit", "value", v)
		case role == fieldbot.RoleAdmin && unit != tree.Root():
			ps.add(n, col, "import.admin_not_root", "unit", tree.Root())
		}
		p.Unit = unit

		p.Title, col = cell("title")
		if hasControl(p.Title) {
			ps.add(n, col, "import.control_chars")
		}
		people = append(people, p)
		at = append(at, n)
	})
	if !any {
		ps.add(t.headerRow, "", "import.no_rows")
	}
	if len(ps) > 0 {
		return nil, nil, ps
	}
	return people, at, nil
}
