package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

var hcm = time.FixedZone("ICT", 7*3600)

// digestSheets is a small workbook like the digest's: units with a title,
// officers without.
func digestSheets() []Sheet {
	return []Sheet{
		{
			Name:  "Đơn vị",
			Title: "Tuần 48/2026 (23/11/2026 – 29/11/2026)",
			Columns: []Column{
				{Header: "Đơn vị", Kind: Text},
				{Header: "Số việc phải thi hành", Kind: Int},
				{Header: "Số tiền phải thi hành (đồng)", Kind: Money},
				{Header: "Tỷ lệ việc", Kind: Percent},
				{Header: "Bình quân", Kind: Decimal},
				{Header: "Ngày báo cáo", Kind: Date},
			},
			Rows: [][]any{
				{"Phòng Thi hành án dân sự khu vực 1", 7581, int64(1500000000), 81.89, 12.5, time.Date(2026, 11, 29, 0, 0, 0, 0, hcm)},
				{"Phòng Thi hành án dân sự khu vực 2", int64(0), 1234.6, 99.99, 3, time.Date(2026, 11, 28, 16, 45, 0, 0, hcm)},
				{"Phòng Thi hành án dân sự khu vực 3", nil, nil, nil, nil, nil},
			},
		},
		{
			Name: "Chấp hành viên",
			Columns: []Column{
				{Header: "Họ và tên", Kind: Text},
				{Header: "Số việc", Kind: Int},
			},
			Rows: [][]any{
				{"Nguyễn Văn An", 12},
				{"Trần Thị Bích", 1234567},
			},
		},
	}
}

func build(t *testing.T, sheets []Sheet) []byte {
	t.Helper()
	b, err := Build(sheets)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func shownValue(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellValue(%s!%s): %v", sheet, cell, err)
	}
	return v
}

func rawValue(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("GetCellValue(%s!%s, raw): %v", sheet, cell, err)
	}
	return v
}

// builtinFormats are the built-in number format codes Build relies on.
var builtinFormats = map[int]string{0: "General", 3: "#,##0", 4: "#,##0.00", 10: "0.00%"}

// numFmt returns the number format code of a cell's style.
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellStyle(%s!%s): %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("GetStyle(%d): %v", id, err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if code, ok := builtinFormats[st.NumFmt]; ok {
		return code
	}
	return fmt.Sprintf("built-in %d", st.NumFmt)
}

// sheetXML returns the raw XML of the n-th worksheet (1-based).
func sheetXML(t *testing.T, b []byte, n int) string {
	t.Helper()
	return zipPart(t, b, fmt.Sprintf("xl/worksheets/sheet%d.xml", n))
}

// xmlAttr returns the attribute of the first element with the local name
// elem in the XML document x, or "" when there is none.
func xmlAttr(t *testing.T, x, elem, attr string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(x))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			t.Fatalf("xml: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == elem {
			for _, a := range se.Attr {
				if a.Name.Local == attr {
					return a.Value
				}
			}
			return ""
		}
	}
}

// body drops the worksheet's long list of namespaces from failure messages.
func body(x string) string {
	if i := strings.Index(x, "<sheetPr"); i >= 0 {
		return x[i:]
	}
	if i := strings.Index(x, "<dimension"); i >= 0 {
		return x[i:]
	}
	return x
}

func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("zip open %s: %v", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("zip read %s: %v", name, err)
	}
	return string(data)
}

func TestSheetsAndHeaders(t *testing.T) {
	f := open(t, build(t, digestSheets()))
	if got, want := f.GetSheetList(), []string{"Đơn vị", "Chấp hành viên"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if got := shownValue(t, f, "Đơn vị", "A1"); got != "Tuần 48/2026 (23/11/2026 – 29/11/2026)" {
		t.Errorf("title = %q", got)
	}
	rows, err := f.GetRows("Đơn vị")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Đơn vị", "Số việc phải thi hành", "Số tiền phải thi hành (đồng)", "Tỷ lệ việc", "Bình quân", "Ngày báo cáo"}
	if len(rows) < 2 || !slices.Equal(rows[1], wantHeader) {
		t.Errorf("header row 2 = %q, want %q", rows[1], wantHeader)
	}
	if len(rows) != 5 {
		t.Errorf("%d rows on Đơn vị, want title+header+3", len(rows))
	}
	// Without a title the header is row 1.
	rows, err = f.GetRows("Chấp hành viên")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"Họ và tên", "Số việc"}) {
		t.Errorf("header row 1 = %q", rows[0])
	}
}

func TestNumbersAreNumberCells(t *testing.T) {
	b := build(t, digestSheets())
	f := open(t, b)
	const s = "Đơn vị"
	cases := []struct {
		cell    string
		raw     string // the stored value, exactly
		shown   string // as excelize formats it (English separators)
		numFmt  string
		comment string
	}{
		{"B3", "7581", "7,581", "#,##0", "Int from int"},
		{"B4", "0", "0", "#,##0", "Int from int64 zero"},
		{"C3", "1500000000", "1,500,000,000", "#,##0", "Money stays an integer"},
		{"C4", "1235", "1,235", "#,##0", "Money float rounded to whole đồng"},
		{"D3", "0.8189", "81.89%", "0.00%", "Percent points to fraction"},
		{"D4", "0.9999", "99.99%", "0.00%", "99.99/100 is 0.9998999999999999 in float64"},
		{"E3", "12.5", "12.50", "#,##0.00", "Decimal"},
		{"E4", "3", "3.00", "#,##0.00", "Decimal from int"},
		{"F3", "46355", "29/11/2026", "dd/mm/yyyy", "Date serial"},
		{"F4", "46354", "28/11/2026", "dd/mm/yyyy", "Date keeps the local day, drops the time"},
	}
	for _, c := range cases {
		typ, err := f.GetCellType(s, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		// A number cell has no t attribute (excelize: Unset) or t="n".
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s (%s): cell type %v, want a number", c.cell, c.comment, typ)
		}
		raw := rawValue(t, f, s, c.cell)
		if raw != c.raw {
			t.Errorf("%s (%s): raw value %q, want %q", c.cell, c.comment, raw, c.raw)
		}
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s (%s): raw value %q is not a number", c.cell, c.comment, raw)
		}
		if got := numFmt(t, f, s, c.cell); got != c.numFmt {
			t.Errorf("%s (%s): number format %q, want %q", c.cell, c.comment, got, c.numFmt)
		}
		if got := shownValue(t, f, s, c.cell); got != c.shown {
			t.Errorf("%s (%s): shown as %q, want %q", c.cell, c.comment, got, c.shown)
		}
	}
	// The 0.8189 above must be the float 0.8189, not merely print like it.
	if v, _ := strconv.ParseFloat(rawValue(t, f, s, "D3"), 64); v != 0.8189 {
		t.Errorf("D3 = %v, want 0.8189", v)
	}
	// Text cells are strings, not numbers.
	if typ, _ := f.GetCellType(s, "A3"); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("A3 type %v, want a string", typ)
	}
	// Empty cells of a number column carry the column's format, so a
	// figure typed in later is formatted too.
	x := sheetXML(t, b, 1)
	for _, col := range []string{`<col min="2" max="2" [^>]*style="3"`, `<col min="4" max="4" [^>]*style="4"`} {
		if !regexp.MustCompile(col).MatchString(x) {
			t.Errorf("no column style matching %s in %s", col, body(x))
		}
	}
}

func TestKindsAcceptOtherGoNumbers(t *testing.T) {
	b := build(t, []Sheet{{
		Name:    "n",
		Columns: []Column{{Header: "i32", Kind: Int}, {Header: "u64", Kind: Money}, {Header: "f32", Kind: Decimal}, {Header: "pct", Kind: Percent}},
		Rows:    [][]any{{int32(-5), uint64(42), float32(0.1), 82}},
	}})
	f := open(t, b)
	for cell, want := range map[string]string{"A2": "-5", "B2": "42", "C2": "0.1", "D2": "0.82"} {
		if got := rawValue(t, f, "n", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
}

func TestVietnameseTextRoundTrips(t *testing.T) {
	decomposed := norm.NFD.String("Nguyễn Thị Ánh Tuyết")
	sheets := digestSheets()
	sheets[1].Rows = append(sheets[1].Rows,
		[]any{decomposed, 1},
		[]any{"  khoảng trắng đầu cuối  ", 2},
		[]any{"Dòng 1\nDòng 2 — “ngoặc” & <thẻ>", 3},
		[]any{"=SUM(A1:A2)", 4},
	)
	f := open(t, build(t, sheets))
	for cell, want := range map[string]string{
		"A3": "Phòng Thi hành án dân sự khu vực 1",
		"A5": "Phòng Thi hành án dân sự khu vực 3",
	} {
		if got := shownValue(t, f, "Đơn vị", cell); got != want {
			t.Errorf("Đơn vị!%s = %q, want %q", cell, got, want)
		}
	}
	for cell, want := range map[string]string{
		"A2": "Nguyễn Văn An",
		"A3": "Trần Thị Bích",
		"A4": decomposed, // not normalised: the bytes come back as given
		"A5": "  khoảng trắng đầu cuối  ",
		"A6": "Dòng 1\nDòng 2 — “ngoặc” & <thẻ>",
		"A7": "=SUM(A1:A2)",
	} {
		if got := shownValue(t, f, "Chấp hành viên", cell); got != want {
			t.Errorf("Chấp hành viên!%s = %q, want %q", cell, got, want)
		}
	}
	// A string that looks like a formula stays a string.
	if fm, _ := f.GetCellFormula("Chấp hành viên", "A7"); fm != "" {
		t.Errorf("A7 became a formula %q", fm)
	}
}

func TestEmptyCells(t *testing.T) {
	b := build(t, []Sheet{{
		Name: "Trống",
		Columns: []Column{
			{Header: "Text", Kind: Text}, {Header: "Int", Kind: Int}, {Header: "Money", Kind: Money},
			{Header: "Percent", Kind: Percent}, {Header: "Decimal", Kind: Decimal}, {Header: "Date", Kind: Date},
		},
		Rows: [][]any{
			{nil, nil, nil, nil, nil, nil},
			{"x", math.NaN(), math.Inf(1), math.NaN(), math.Inf(-1), time.Time{}},
			{"y", float32(math.NaN()), 1, 2, 3, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		},
	}})
	f := open(t, b)
	for _, cell := range []string{"A2", "B2", "C2", "D2", "E2", "F2", "B3", "C3", "D3", "E3", "F3", "B4"} {
		if got := rawValue(t, f, "Trống", cell); got != "" {
			t.Errorf("%s = %q, want empty", cell, got)
		}
		if typ, _ := f.GetCellType("Trống", cell); typ != excelize.CellTypeUnset {
			t.Errorf("%s type %v, want unset", cell, typ)
		}
	}
	if got := rawValue(t, f, "Trống", "C4"); got != "1" {
		t.Errorf("C4 = %q after a NaN in the same row", got)
	}
	x := sheetXML(t, b, 1)
	x = x[strings.Index(x, "<sheetData>"):strings.Index(x, "</sheetData>")]
	for _, bad := range []string{"NaN", "Inf", "0001-01-01", "<v></v>"} {
		if strings.Contains(x, bad) {
			t.Errorf("sheet data contains %q:\n%s", bad, x)
		}
	}
}

func TestWrongTypeIsAnError(t *testing.T) {
	cols := []Column{
		{Header: "Tên", Kind: Text}, {Header: "Số việc", Kind: Int}, {Header: "Tiền", Kind: Money},
		{Header: "Tỷ lệ", Kind: Percent}, {Header: "Bình quân", Kind: Decimal}, {Header: "Ngày", Kind: Date},
	}
	good := []any{"a", 1, 2, 3.5, 4.25, time.Date(2026, 11, 29, 0, 0, 0, 0, hcm)}
	cases := []struct {
		col  int
		v    any
		want string
	}{
		{0, 12, `column 1 "Tên"`},
		{1, "7581", `column 2 "Số việc"`},
		{2, "1.500.000.000", `column 3 "Tiền"`},
		{3, "81,89%", `column 4 "Tỷ lệ"`},
		{4, true, `column 5 "Bình quân"`},
		{5, "29/11/2026", `column 6 "Ngày"`},
		{5, time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), `column 6 "Ngày"`},
		{1, time.Now(), `column 2 "Số việc"`},
		{1, new(int), `column 2 "Số việc"`},
	}
	for _, c := range cases {
		row := slices.Clone(good)
		row[c.col] = c.v
		_, err := Build([]Sheet{
			{Name: "Trước", Columns: cols, Rows: [][]any{good}},
			{Name: "Đơn vị", Columns: cols, Rows: [][]any{good, row}},
		})
		if err == nil {
			t.Errorf("%T %v in column %d: no error", c.v, c.v, c.col+1)
			continue
		}
		msg := err.Error()
		for _, part := range []string{`sheet 2 "Đơn vị"`, "row 2", c.want} {
			if !strings.Contains(msg, part) {
				t.Errorf("%T in column %d: error %q does not name %s", c.v, c.col+1, msg, part)
			}
		}
	}
	// A row of the wrong length.
	_, err := Build([]Sheet{{Name: "Ngắn", Columns: cols, Rows: [][]any{good, good[:3]}}})
	if err == nil || !strings.Contains(err.Error(), `"Ngắn"`) || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("short row: err = %v", err)
	}
	// An unknown kind.
	_, err = Build([]Sheet{{Name: "K", Columns: []Column{{Header: "h", Kind: Kind(42)}}}})
	if err == nil || !strings.Contains(err.Error(), `"h"`) {
		t.Errorf("unknown kind: err = %v", err)
	}
	if _, err := Build(nil); err == nil {
		t.Error("Build(nil): no error")
	}
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func TestSheetNamesAreSanitised(t *testing.T) {
	long := "Phòng Thi hành án dân sự khu vực 12 tỉnh Lâm Đồng" // 49 characters
	in := []string{
		"Tuần 48/2026",
		`a:b\c/d?e*f[g]h`,
		long,
		long + " (bản 2)", // same first 31 characters as long
		"Đơn vị",
		"ĐƠN VỊ", // differs only in case
		"Đơn vị",
		"",
		"'Trích dẫn'",
		"History",
		"  \t",
		"Dòng\nmới",
	}
	sheets := make([]Sheet, len(in))
	for i, name := range in {
		sheets[i] = Sheet{Name: name, Columns: []Column{{Header: "h"}}}
	}
	f := open(t, build(t, sheets))
	got := f.GetSheetList()
	want := []string{
		"Tuần 48-2026",
		"a-b-c-d-e-f-g-h",
		"Phòng Thi hành án dân sự khu vự",
		"Phòng Thi hành án dân sự kh (2)",
		"Đơn vị",
		"ĐƠN VỊ (2)",
		"Đơn vị (3)",
		"Sheet8",
		"’Trích dẫn’",
		"History (2)",
		"Sheet11",
		"Dòngmới",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sheet names\n got %q\nwant %q", got, want)
	}
	seen := map[string]bool{}
	for _, name := range got {
		if n := utf16Len(name); n > 31 {
			t.Errorf("%q is %d characters long", name, n)
		}
		if strings.ContainsAny(name, `:\/?*[]`) {
			t.Errorf("%q has a forbidden character", name)
		}
		key := strings.ToLower(name)
		if seen[key] {
			t.Errorf("%q is not unique", name)
		}
		seen[key] = true
	}
}

func TestLayout(t *testing.T) {
	sheets := digestSheets()
	sheets[1].Columns[1].Width = 25.5
	b := build(t, sheets)
	f := open(t, b)

	// Frozen under the header: row 2 with a title, row 1 without.
	for sheet, split := range map[string]int{"Đơn vị": 2, "Chấp hành viên": 1} {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		top := "A" + strconv.Itoa(split+1)
		if !p.Freeze || p.YSplit != split || p.XSplit != 0 || p.TopLeftCell != top {
			t.Errorf("%s panes = %+v, want frozen at %s", sheet, p, top)
		}
	}

	// Autofilter from the header row to the last row and column.
	x1, x2 := sheetXML(t, b, 1), sheetXML(t, b, 2)
	if got := xmlAttr(t, x1, "autoFilter", "ref"); got != "A2:F5" {
		t.Errorf("sheet 1 autofilter %q, want A2:F5:\n%s", got, body(x1))
	}
	if got := xmlAttr(t, x2, "autoFilter", "ref"); got != "A1:B3" {
		t.Errorf("sheet 2 autofilter %q, want A1:B3:\n%s", got, body(x2))
	}
	// No filterMode: it claims rows are being filtered.
	if strings.Contains(x1, "filterMode") {
		t.Errorf("sheet 1 has filterMode:\n%s", body(x1))
	}
	if got := xmlAttr(t, x1, "dimension", "ref"); got != "A1:F5" {
		t.Errorf("sheet 1 dimension %q, want A1:F5:\n%s", got, body(x1))
	}
	// Excel keeps a hidden name beside each autofilter.
	var filters []string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, d.Scope+" "+d.RefersTo)
		}
	}
	if want := []string{"Đơn vị 'Đơn vị'!$A$2:$F$5", "Chấp hành viên 'Chấp hành viên'!$A$1:$B$3"}; !slices.Equal(filters, want) {
		t.Errorf("filter database names = %q, want %q", filters, want)
	}

	// The header is bold on a fill; the title is bold.
	for _, cell := range []string{"A2", "F2"} {
		id, _ := f.GetCellStyle("Đơn vị", cell)
		st, _ := f.GetStyle(id)
		if st.Font == nil || !st.Font.Bold || st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 {
			t.Errorf("header %s style font=%+v fill=%+v", cell, st.Font, st.Fill)
		}
	}
	id, _ := f.GetCellStyle("Đơn vị", "A1")
	if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
		t.Errorf("title is not bold")
	}

	// Widths: runes, not bytes. "Phòng Thi hành án dân sự khu vực 1" has
	// 34 characters but 45 bytes.
	w, _ := f.GetColWidth("Đơn vị", "A")
	if w != 36 {
		t.Errorf("width of A = %v, want 34 characters + 2", w)
	}
	// A number column is as wide as its formatted header or values.
	w, _ = f.GetColWidth("Đơn vị", "C")
	if want := math.Round(float64(len([]rune("Số tiền phải thi hành (đồng)")))*1.1 + filterBtn + padWidth); w != want {
		t.Errorf("width of C = %v, want %v", w, want)
	}
	if w, _ := f.GetColWidth("Chấp hành viên", "B"); w != 25.5 {
		t.Errorf("explicit width = %v, want 25.5", w)
	}
	// Excel wants <col> elements in ascending order.
	var mins []int
	for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(x1, -1) {
		n, _ := strconv.Atoi(m[1])
		mins = append(mins, n)
	}
	if !slices.IsSorted(mins) || len(mins) != 6 {
		t.Errorf("<col> order %v", mins)
	}
}

func TestAutoWidth(t *testing.T) {
	rows := [][]any{{"ngắn", 1500000000, 81.89, nil}, {norm.NFD.String("Thi hành án"), -7581, 100.0, 1234567.891}}
	cases := []struct {
		c    Column
		j    int
		want float64
	}{
		// The bold header is wider than the content.
		{Column{Header: "Đơn vị thi hành", Kind: Text}, 0, math.Round(15*1.1 + filterBtn + padWidth)},
		{Column{Header: "", Kind: Text}, 0, 11 + padWidth},    // decomposed accents take no room
		{Column{Header: "", Kind: Money}, 1, 13 + padWidth},   // 1,500,000,000
		{Column{Header: "", Kind: Percent}, 2, 7 + padWidth},  // 100.00%
		{Column{Header: "", Kind: Decimal}, 3, 12 + padWidth}, // 1,234,567.89
		{Column{Header: strings.Repeat("x", 200)}, 0, maxWidth},
	}
	for _, c := range cases {
		if got := autoWidth(c.c, c.j, rows); got != c.want {
			t.Errorf("autoWidth(%q, %v) = %v, want %v", c.c.Header, c.c.Kind, got, c.want)
		}
	}
}

func TestDocumentProperties(t *testing.T) {
	f := open(t, build(t, digestSheets()))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Creator != "fieldbot" || p.Title != "fieldbot" || p.LastModifiedBy != "fieldbot" {
		t.Errorf("props = %+v", p)
	}
	if p.Subject != "Tuần 48/2026 (23/11/2026 – 29/11/2026)" {
		t.Errorf("subject = %q, want the first sheet title", p.Subject)
	}
}

func TestDeterministic(t *testing.T) {
	// Several sheets, twice over.
	sheets := append(digestSheets(), digestSheets()...)
	sheets = append(sheets, sheets...)
	first := build(t, sheets)
	for range 5 {
		if again := build(t, sheets); !bytes.Equal(first, again) {
			t.Fatal("two builds of the same sheets differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %q", zr.File[0].Name)
	}
}

// The digest builds one file per leader, possibly at the same time.
func TestBuildConcurrently(t *testing.T) {
	want := build(t, digestSheets())
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := Build(digestSheets())
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent build differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestEdgeShapes(t *testing.T) {
	b := build(t, []Sheet{
		{Name: "Chỉ tiêu đề", Title: "Không có cột"},
		{Name: "Trống"},
		{Name: "Không dòng", Columns: []Column{{Header: "a", Kind: Int}, {Header: "b", Kind: Date}}},
	})
	f := open(t, b)
	if got := shownValue(t, f, "Chỉ tiêu đề", "A1"); got != "Không có cột" {
		t.Errorf("title = %q", got)
	}
	if got := xmlAttr(t, sheetXML(t, b, 3), "autoFilter", "ref"); got != "A1:B1" {
		t.Errorf("header-only autofilter %q:\n%s", got, body(sheetXML(t, b, 3)))
	}
	// A sheet without columns has no header to freeze or filter.
	for n := 1; n <= 2; n++ {
		x := sheetXML(t, b, n)
		if strings.Contains(x, "<pane") || strings.Contains(x, "<autoFilter") || strings.Contains(x, "<cols") {
			t.Errorf("sheet %d without columns:\n%s", n, body(x))
		}
	}
	if d := f.GetDefinedName(); len(d) != 1 || d[0].Scope != "Không dòng" {
		t.Errorf("defined names %+v, want the one filter of \"Không dòng\"", d)
	}
}

func BenchmarkBuild(b *testing.B) {
	units := digestSheets()[0]
	for len(units.Rows) < 13 {
		units.Rows = append(units.Rows, units.Rows[len(units.Rows)%2])
	}
	units.Rows = units.Rows[:13]
	big := Sheet{Name: "Chấp hành viên", Title: "Tuần 48/2026"}
	kinds := []Kind{Text, Text, Int, Int, Money, Money, Percent, Percent, Decimal, Date}
	for j, k := range kinds {
		big.Columns = append(big.Columns, Column{Header: fmt.Sprintf("Cột %d", j+1), Kind: k})
	}
	day := time.Date(2026, 11, 29, 0, 0, 0, 0, hcm)
	for i := range 500 {
		big.Rows = append(big.Rows, []any{
			fmt.Sprintf("Nguyễn Văn %d", i), "Phòng Thi hành án dân sự khu vực 1",
			i * 7, int64(i * 13), int64(i) * 1_500_000, float64(i) * 1234.5,
			float64(i%100) + 0.89, i % 101, float64(i) / 7, day.AddDate(0, 0, -i),
		})
	}
	for _, bc := range []struct {
		name   string
		sheets []Sheet
	}{
		{"units_13rows", []Sheet{units}},
		{"officers_500x10", []Sheet{big}},
		{"both", []Sheet{units, big}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int
			b.ReportAllocs()
			for b.Loop() {
				out, err := Build(bc.sheets)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/file")
		})
	}
}
