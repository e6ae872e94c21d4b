package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot/workbook"
	"github.com/xuri/excelize/v2"
)

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsR    = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relT   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// pack zips parts in the given order (name, body, name, body…).
func pack(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xlsx is the smallest package with one worksheet holding sheetData, and
// extra parts after it.
func xlsx(t *testing.T, sheetData string, extra ...string) []byte {
	t.Helper()
	parts := []string{
		"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relT + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", `<workbook ` + nsMain + ` ` + nsR + `><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relT + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + relT + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml", `<worksheet ` + nsMain + `><sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
	return pack(t, append(parts, extra...)...)
}

func wantKey(t *testing.T, err error, key string, args ...string) {
	t.Helper()
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v; want *sheet.Error %s", err, key)
	}
	if se.Key != key || !slices.Equal(se.Args, args) {
		t.Fatalf("err = %s %q; want %s %q", se.Key, se.Args, key, args)
	}
}

func read(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := Read(data)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return rows
}

func equalRows(t *testing.T, got, want [][]string) {
	t.Helper()
	norm := func(rows [][]string) [][]string {
		out := make([][]string, len(rows))
		for i, r := range rows {
			out[i] = append([]string{}, r...)
		}
		return out
	}
	if !reflect.DeepEqual(norm(got), norm(want)) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
}

// A sheet as Excel saves it: shared strings, a phone that lost its 0 as a
// number cell, decimals, a boolean, gaps, a blank row kept, a second sheet
// not read.
func TestExcelizeFile(t *testing.T) {
	f := excelize.NewFile()
	s := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Số điện thoại")
	set("B1", "Họ và tên")
	set("D1", "Giá trị")
	set("A2", 912345678)
	set("B2", "Nguyễn Văn An")
	set("D2", 84.5)
	set("A4", "0912 345 679")
	set("C4", true)
	set("D4", 7581)
	if _, err := f.NewSheet("Khác"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Khác", "A1", "không đọc"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	equalRows(t, read(t, buf.Bytes()), [][]string{
		{"Số điện thoại", "Họ và tên", "", "Giá trị"},
		{"912345678", "Nguyễn Văn An", "", "84.5"},
		nil,
		{"0912 345 679", "", "TRUE", "7581"},
	})
}

// What fieldbot's own workbook package writes (inline strings, escapes)
// reads back as written.
func TestWorkbookRoundTrip(t *testing.T) {
	nasty := " a&<b>_x0041_ _x005F_ \"c\"\r\nd "
	b, err := workbook.Build([]workbook.Sheet{{
		Name:    "Danh sách",
		Columns: []workbook.Column{{Header: "Số điện thoại"}, {Header: "Giá trị", Kind: workbook.Decimal}, {Header: "Năm", Kind: workbook.Int}},
		Rows:    [][]any{{"0912345678", 83.9, 2027}, {nasty, nil, nil}, {"=1+2", 0.1, -3}},
	}, {Name: "Hai", Columns: []workbook.Column{{Header: "x"}}}})
	if err != nil {
		t.Fatal(err)
	}
	equalRows(t, read(t, b), [][]string{
		{"Số điện thoại", "Giá trị", "Năm"},
		{"0912345678", "83.9", "2027"},
		{nasty},
		{"=1+2", "0.1", "-3"},
	})
}

func TestFirstSheetByWorkbookOrder(t *testing.T) {
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	b := pack(t,
		"_rels/.rels", rels+`<Relationship Id="r" Type="`+relT+`officeDocument" Target="/excel/book.xml"/></Relationships>`,
		"excel/book.xml", `<workbook `+nsMain+` `+nsR+`><sheets>`+
			`<sheet name="Hai" sheetId="2" r:id="rB"/><sheet name="Một" sheetId="1" r:id="rA"/></sheets></workbook>`,
		"excel/_rels/book.xml.rels", rels+
			`<Relationship Id="rA" Type="`+relT+`worksheet" Target="sheets/sheet1.xml"/>`+
			`<Relationship Id="rB" Type="`+relT+`worksheet" Target="/excel/sheets/sheet2.xml"/>`+
			`<Relationship Id="rS" Type="`+relT+`sharedStrings" Target="strings.xml"/></Relationships>`,
		"excel/sheets/sheet1.xml", `<worksheet `+nsMain+`><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		"excel/sheets/sheet2.xml", `<worksheet `+nsMain+`><sheetData><row r="1"><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>`,
		"excel/strings.xml", `<sst `+nsMain+`><si><t>một</t></si>`+
			`<si><r><t>ha</t></r><r><rPr><b/></rPr><t xml:space="preserve">i </t></r><rPh sb="0" eb="1"><t>PHIÊN ÂM</t></rPh></si></sst>`,
	)
	equalRows(t, read(t, b), [][]string{{"", "hai "}})
}

func TestCellPlacement(t *testing.T) {
	b := xlsx(t, `<row r="2"><c r="C2" t="inlineStr"><is><t>c</t></is></c><c t="inlineStr"><is><t>d</t></is></c>`+
		`<c r="F2" s="3"/><c r="G2"><v>1.5E-3</v></c></row>`+
		`<row><c t="b"><v>0</v></c><c r="B3" t="e"><v>#N/A</v></c></row>`+
		`<row r="20000" s="2" customFormat="1"><c r="ZZ20000" s="2"/></row>`)
	equalRows(t, read(t, b), [][]string{nil, {"", "", "c", "d", "", "", "1.5E-3"}, {"FALSE", "#N/A"}})
}

func TestFormulaRefused(t *testing.T) {
	for _, f := range []string{`<f>A1+B1</f><v>3</v>`, `<f t="shared" si="0"/><v>3</v>`, `<f>"x"</f>`} {
		b := xlsx(t, `<row r="14"><c r="A14"><v>1</v></c><c r="C14" t="str">`+f+`</c></row>`)
		_, err := Read(b)
		wantKey(t, err, KeyFormula, "cell", "C14")
	}
	// Written by excelize, as Excel would.
	f := excelize.NewFile()
	if err := f.SetCellFormula("Sheet1", "AB7", "SUM(A1:A3)"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := Read(buf.Bytes())
	wantKey(t, err, KeyFormula, "cell", "AB7")
}

func rowsXML(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	return b.String()
}

func TestRowAndColumnLimits(t *testing.T) {
	rows := read(t, xlsx(t, rowsXML(MaxRows)))
	if len(rows) != MaxRows || rows[MaxRows-1][0] != fmt.Sprint(MaxRows) {
		t.Fatalf("%d rows, last %q", len(rows), rows[len(rows)-1])
	}
	_, err := Read(xlsx(t, rowsXML(MaxRows+1)))
	wantKey(t, err, KeyTooManyRows, "max", "10000")

	// Column AX is the 50th.
	rows = read(t, xlsx(t, `<row r="1"><c r="AX1"><v>50</v></c></row>`))
	if len(rows[0]) != 50 || rows[0][49] != "50" {
		t.Fatalf("row %q", rows[0])
	}
	_, err = Read(xlsx(t, `<row r="1"><c r="AY1"><v>51</v></c></row>`))
	wantKey(t, err, KeyTooManyColumns, "max", "50")

	// CSV the same.
	_, err = Read([]byte(strings.Repeat("x\n", MaxRows) + "y\n"))
	wantKey(t, err, KeyTooManyRows, "max", "10000")
	_, err = Read([]byte(strings.Repeat("x,", MaxColumns) + "y\n"))
	wantKey(t, err, KeyTooManyColumns, "max", "50")
}

// A part that expands a thousand times is refused as soon as it shows it,
// whatever its size.
func TestZipBomb(t *testing.T) {
	spaces := strings.Repeat(" ", 8<<20) // packs a thousand times
	b := xlsx(t, `<row r="1"><c r="A1"><v>1</v></c></row>`+spaces)
	if len(b) > MaxFileSize {
		t.Fatalf("the bomb is %d bytes", len(b))
	}
	_, err := Read(b)
	wantKey(t, err, KeyUnpackedTooBig, "max", "50")

	// In the shared strings too.
	b = xlsx(t, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`,
		"xl/sharedStrings.xml", `<sst `+nsMain+`><si><t>`+strings.Repeat("a", 3<<20)+`</t></si></sst>`)
	_, err = Read(b)
	wantKey(t, err, KeyUnpackedTooBig, "max", "50")
}

// Parts that each pack well enough still may not add up to more than the
// budget.
func TestUnpackBudget(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	letters := make([]byte, 400<<10) // packs about 1.6 times
	for i := range letters {
		letters[i] = byte('a' + rnd.IntN(26))
	}
	si := `<si><t>` + string(letters) + `</t></si>`
	b := xlsx(t, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`,
		"xl/sharedStrings.xml", `<sst `+nsMain+`>`+si+si+si+`</sst>`)
	if got := read(t, b); len(got) != 1 || len(got[0][0]) != len(letters) {
		t.Fatal("the workbook does not read within the normal budget")
	}
	old := unpackLimit
	unpackLimit = 1 << 20
	defer func() { unpackLimit = old }()
	_, err := Read(b)
	wantKey(t, err, KeyUnpackedTooBig, "max", "50")
}

func TestNotASpreadsheet(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2}, 100)...)
	docx := pack(t, "word/document.xml", `<w:document/>`, "_rels/.rels",
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+relT+`officeDocument" Target="word/document.xml"/></Relationships>`)
	good := xlsx(t, `<row r="1"><c r="A1"><v>1</v></c></row>`)
	for _, c := range []struct {
		name string
		data []byte
		key  string
		args []string
	}{
		{"empty", nil, KeyEmpty, nil},
		{"png", png, KeyNotSpreadsheet, nil},
		{"docx", docx, KeyNotSpreadsheet, nil},
		{"xls", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...), KeyOldExcel, nil},
		{"too big", bytes.Repeat([]byte("a,b\n"), MaxFileSize/4+1), KeyTooBig, []string{"max", "5"}},
		{"cut short", good[:len(good)/2], KeyDamaged, nil},
		{"latin-1 csv", []byte("phone,name\n0912345678,Nguy\xean\n"), KeyNotUTF8, nil},
		{"bad xml", xlsx(t, `<row r="1"><c r="A1"><v>1</c></row>`), KeyDamaged, nil},
		{"rows backwards", xlsx(t, `<row r="2"/><row r="1"/>`), KeyDamaged, nil},
		{"cell in another row", xlsx(t, `<row r="2"><c r="A3"><v>1</v></c></row>`), KeyDamaged, nil},
		{"shared string missing", xlsx(t, `<row r="1"><c r="A1" t="s"><v>7</v></c></row>`), KeyDamaged, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.data)
			wantKey(t, err, c.key, c.args...)
		})
	}
}

func TestCSV(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want [][]string
	}{
		{"comma, BOM", "\uFEFFphone,name\n0912345678,Nguyễn Văn An\n",
			[][]string{{"phone", "name"}, {"0912345678", "Nguyễn Văn An"}}},
		{"semicolon, as a Vietnamese Excel saves", "Năm;Giá trị\r\n2027;\"83,90\"\r\n",
			[][]string{{"Năm", "Giá trị"}, {"2027", "83,90"}}},
		{"tab", "a\tb\n1\t2,5\n", [][]string{{"a", "b"}, {"1", "2,5"}}},
		{"blank lines keep row numbers, a quoted line break is one row", "h\n\n\"x\ny\",z\r\n\r\n\nlast\n\n",
			[][]string{{"h"}, nil, {"x\ny", "z"}, nil, nil, {"last"}}},
		{"ragged", "a,b,c\n1\n,,3\n", [][]string{{"a", "b", "c"}, {"1"}, {"", "", "3"}}},
	} {
		t.Run(c.name, func(t *testing.T) { equalRows(t, read(t, []byte(c.in)), c.want) })
	}
}

func TestParseRef(t *testing.T) {
	for ref, want := range map[string][2]int{"A1": {1, 1}, "C14": {14, 3}, "AX9": {9, 50}, "XFD1048576": {1048576, 16384}} {
		r, c, ok := parseRef(ref)
		if !ok || r != want[0] || c != want[1] {
			t.Errorf("parseRef(%q) = %d, %d, %v; want %v", ref, r, c, ok, want)
		}
		if got := string(appendRef(nil, c, r)); got != ref {
			t.Errorf("appendRef(%d, %d) = %s; want %s", c, r, got, ref)
		}
	}
	for _, bad := range []string{"", "A", "1", "a1", "A0", "A01", "$A$1", "XFE1", "A1048577", "A1B"} {
		if _, _, ok := parseRef(bad); ok {
			t.Errorf("parseRef(%q) accepted", bad)
		}
	}
}
