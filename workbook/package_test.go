package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"math"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// nastyText holds what XML cannot carry as it is: markup, a carriage
// return, a control character, U+FFFE, the UTF-8 bytes of a lone surrogate,
// and strings that read like Office's _xHHHH_ escapes.
const nastyText = " a\x01b\r\nc\t\"'<>&]]>\uFFFE\xed\xa0\x80 _x0041_ _x005F_x0041_ _x0041_x0042_ _x00G1_ 😀 "

// nastyWant is nastyText as a reader sees it: what XML 1.0 cannot hold is
// U+FFFD (one per byte of the surrogate), the rest comes back as given.
const nastyWant = " a\uFFFDb\r\nc\t\"'<>&]]>\uFFFD\uFFFD\uFFFD\uFFFD _x0041_ _x005F_x0041_ _x0041_x0042_ _x00G1_ 😀 "

// variedSheets are the sheets of every test below: the digest's, the edge
// shapes, and text and names that need escaping.
func variedSheets() []Sheet {
	return append(digestSheets(),
		Sheet{Name: "Chỉ tiêu đề", Title: "Không có cột"},
		Sheet{Name: "Trống"},
		Sheet{Name: `A & B <"c">`, Title: nastyText,
			Columns: []Column{{Header: nastyText, Kind: Text}, {Header: "<&>", Kind: Percent}},
			Rows:    [][]any{{nastyText, 12.5}, {"", nil}, {"_x005F_", math.NaN()}}},
	)
}

func zipParts(t *testing.T, b []byte) (*zip.Reader, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		parts[f.Name] = zipPart(t, b, f.Name)
	}
	return zr, parts
}

func TestPartsAreWellFormedXML(t *testing.T) {
	b := build(t, variedSheets())
	_, parts := zipParts(t, b)
	for name, x := range parts {
		d := xml.NewDecoder(strings.NewReader(x))
		var root string
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, x)
			}
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Space + " " + se.Name.Local
			}
		}
		if root == "" {
			t.Errorf("%s has no root element", name)
		}
		if !strings.HasPrefix(x, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`) {
			t.Errorf("%s has no XML declaration", name)
		}
	}

	// Every part has a content type, and every override names a part.
	var types struct {
		Defaults []struct {
			Extension string `xml:",attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName string `xml:",attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal([]byte(parts["[Content_Types].xml"]), &types); err != nil {
		t.Fatal(err)
	}
	typed := map[string]bool{}
	for _, o := range types.Overrides {
		name := strings.TrimPrefix(o.PartName, "/")
		if _, ok := parts[name]; !ok {
			t.Errorf("content type override for missing part %s", o.PartName)
		}
		typed[name] = true
	}
	for name := range parts {
		ext := path.Ext(name)
		if name == "[Content_Types].xml" || typed[name] || ext == ".rels" {
			continue
		}
		t.Errorf("part %s has no override content type (extension %s)", name, ext)
	}

	// Every relationship points at a part.
	for name, x := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rel []struct {
				ID     string `xml:"Id,attr"`
				Target string `xml:",attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal([]byte(x), &rels); err != nil {
			t.Fatal(err)
		}
		base := path.Dir(path.Dir(name)) // _rels/.rels → ".", xl/_rels/… → "xl"
		ids := map[string]bool{}
		for _, r := range rels.Rel {
			if _, ok := parts[path.Join(base, r.Target)]; !ok {
				t.Errorf("%s: %s points at missing %s", name, r.ID, path.Join(base, r.Target))
			}
			if ids[r.ID] {
				t.Errorf("%s: %s used twice", name, r.ID)
			}
			ids[r.ID] = true
		}
	}

	// Excel reserves fills 0 and 1; the cell formats are the style ids
	// the sheets use.
	var st struct {
		Fills []struct {
			Pattern struct {
				Type string `xml:"patternType,attr"`
			} `xml:"patternFill"`
		} `xml:"fills>fill"`
		CellXfs struct {
			Count int        `xml:"count,attr"`
			Xf    []struct{} `xml:"xf"`
		} `xml:"cellXfs"`
	}
	if err := xml.Unmarshal([]byte(parts["xl/styles.xml"]), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Fills) < 2 || st.Fills[0].Pattern.Type != "none" || st.Fills[1].Pattern.Type != "gray125" {
		t.Errorf("fills %+v, want none and gray125 first", st.Fills)
	}
	if st.CellXfs.Count != numberOfStyles || len(st.CellXfs.Xf) != numberOfStyles {
		t.Errorf("cellXfs count=%d with %d xf, want %d", st.CellXfs.Count, len(st.CellXfs.Xf), numberOfStyles)
	}
}

func TestTextNeedingEscapes(t *testing.T) {
	b := build(t, variedSheets())
	f := open(t, b)
	names := f.GetSheetList()
	if got, want := names[len(names)-1], `A & B <"c">`; got != want {
		t.Fatalf("sheet name %q, want %q", got, want)
	}
	s := names[len(names)-1]
	for cell, want := range map[string]string{
		"A1": nastyWant, // title
		"A2": nastyWant, // header
		"B2": "<&>",
		"A3": nastyWant,
		"A5": "_x005F_",
	} {
		if got := shownValue(t, f, s, cell); got != want {
			t.Errorf("%s = %q\n           want %q", cell, got, want)
		}
	}
	// The empty string is an empty text cell, not a missing one.
	if typ, _ := f.GetCellType(s, "A4"); typ != excelize.CellTypeInlineString {
		t.Errorf("A4 type %v, want an inline string", typ)
	}
	if got := rawValue(t, f, s, "B3"); got != "0.125" {
		t.Errorf("B3 = %q", got)
	}
	var filter string
	for _, d := range f.GetDefinedName() {
		if d.Scope == s {
			filter = d.RefersTo
		}
	}
	if want := `'A & B <"c">'!$A$2:$B$5`; filter != want {
		t.Errorf("filter name %q, want %q", filter, want)
	}
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "Tuần 48/2026 (23/11/2026 – 29/11/2026)" {
		t.Errorf("subject %q", p.Subject)
	}
}

func TestLongTextIsCut(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{strings.Repeat("ệ", 40000), strings.Repeat("ệ", maxCellChars)},
		// An emoji takes two UTF-16 units and does not fit in one.
		{strings.Repeat("a", maxCellChars-1) + "😀", strings.Repeat("a", maxCellChars-1)},
		{strings.Repeat("a", maxCellChars-2) + "😀", strings.Repeat("a", maxCellChars-2) + "😀"},
	} {
		f := open(t, build(t, []Sheet{{Name: "x", Columns: []Column{{Header: "h"}}, Rows: [][]any{{c.in}}}}))
		if got := shownValue(t, f, "x", "A2"); got != c.want {
			t.Errorf("%d UTF-16 units in: %d back, want %d", utf16Len(c.in), utf16Len(got), utf16Len(c.want))
		}
	}
}

func TestDateSerial(t *testing.T) {
	for _, c := range []struct {
		y    int
		m    time.Month
		d    int
		want int64
	}{
		{1900, 1, 1, 1},
		{1900, 2, 28, 59},
		{1900, 3, 1, 61}, // Excel's 29/02/1900 is 60
		{1970, 1, 1, 25569},
		{2026, 11, 29, 46355},
		{9999, 12, 31, 2958465},
	} {
		if got := dateSerial(time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC)); got != c.want {
			t.Errorf("%04d-%02d-%02d: serial %d, want %d", c.y, c.m, c.d, got, c.want)
		}
	}
}

func TestColumnLetters(t *testing.T) {
	for col, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA", maxColumns: "XFD"} {
		if got := string(appendCol(nil, col)); got != want {
			t.Errorf("column %d = %s, want %s", col, got, want)
		}
	}
}

func TestWidthsOutOfRange(t *testing.T) {
	b := build(t, []Sheet{{Name: "w", Columns: []Column{
		{Header: "nan", Width: math.NaN()}, {Header: "inf", Width: math.Inf(1)}, {Header: "big", Width: 1000}, {Header: "neg", Width: -3},
	}}})
	f := open(t, b)
	for col, want := range map[string]float64{"A": 8, "B": maxColWidth, "C": maxColWidth, "D": 8} {
		if w, _ := f.GetColWidth("w", col); w != want {
			t.Errorf("width of %s = %v, want %v", col, w, want)
		}
	}
}

func TestTooManyColumns(t *testing.T) {
	cols := make([]Column, maxColumns+1)
	_, err := Build([]Sheet{{Name: "Rộng", Columns: cols}})
	if err == nil || !strings.Contains(err.Error(), `sheet "Rộng"`) || !strings.Contains(err.Error(), "16385 columns") {
		t.Errorf("err = %v", err)
	}
	// The most Excel allows is fine.
	b := build(t, []Sheet{{Name: "Rộng", Columns: cols[:maxColumns]}})
	if got := xmlAttr(t, sheetXML(t, b, 1), "autoFilter", "ref"); got != "A1:XFD1" {
		t.Errorf("autofilter %q", got)
	}
}

func TestZipEntries(t *testing.T) {
	b := build(t, variedSheets())
	zr, _ := zipParts(t, b)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, zipTime)
		}
		if f.Method != zip.Deflate {
			t.Errorf("%s stored with method %d", f.Name, f.Method)
		}
	}
	want := []string{
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
	}
	for i := range len(variedSheets()) {
		want = append(want, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
	}
	if !slices.Equal(names, want) {
		t.Errorf("parts\n got %q\nwant %q", names, want)
	}
}

const excelizePath = "github.com/xuri/excelize/v2"

// The bot must not link excelize: Go runs every linked package's init, and
// excelize's costs the running bot several MiB for a file built once a
// week. Only tests may import it.
func TestBotDoesNotLinkExcelize(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// No non-test Go file of the module imports it, whatever its build tags.
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range file.Imports {
			if v, _ := strconv.Unquote(imp.Path.Value); v == excelizePath || strings.HasPrefix(v, excelizePath+"/") {
				t.Errorf("%s imports %s", p, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Nor does anything the bot's binary links, directly or not.
	gobin, err := exec.LookPath("go") // go test puts its own go first in PATH
	if err != nil {
		t.Fatalf("no go command to list the bot's dependencies: %v", err)
	}
	cmd := exec.Command(gobin, "list", "-deps", "./cmd/fieldbot")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps ./cmd/fieldbot: %v\n%s", err, stderr)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/fieldbot/fieldbot/workbook") {
		t.Fatalf("go list -deps ./cmd/fieldbot does not list the workbook package:\n%s", out)
	}
	for _, dep := range deps {
		if dep == excelizePath || strings.HasPrefix(dep, excelizePath+"/") {
			t.Errorf("cmd/fieldbot links %s", dep)
		}
	}
}
