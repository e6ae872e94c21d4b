package directory

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/sheet"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

func testTree(t *testing.T) *fieldbot.Tree {
	t.Helper()
	tree, err := fieldbot.NewTree([]fieldbot.Unit{
		{ID: "dongthap", Name: "Thi hành án dân sự tỉnh Đồng Tháp"},
		{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1", Parent: "dongthap"},
		{ID: "kv2", Name: "Phòng Thi hành án dân sự khu vực 2", Parent: "dongthap"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

var testPeople = []fieldbot.Person{
	{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer, Title: "Chấp hành viên"},
	{Phone: "0987654321", Name: "Trần Thị Bích Hoà", Unit: "kv2", Role: fieldbot.RoleLeader, Title: "Trưởng phòng"},
	{Phone: "02838221234", Name: "Lê Đức", Unit: "dongthap", Role: fieldbot.RoleAdmin},
	{Phone: "0901000001", Name: "=HYPERLINK(\"http://x\",\"y\")", Unit: "kv1", Role: fieldbot.RoleOfficer, Title: "@SUM(A1) +1 -2"},
}

var testIndicators = []fieldbot.Indicator{
	{ID: "ty_le_viec", Label: "Tỷ lệ thi hành xong về việc"},
	{ID: "ty_le_tien", Label: "Tỷ lệ thi hành xong về tiền"},
}

func readFile(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := sheet.Read(b)
	if err != nil {
		t.Fatalf("sheet.Read: %v", err)
	}
	return rows
}

func TestRosterRoundTrip(t *testing.T) {
	tree := testTree(t)
	for _, lang := range []locale.Lang{locale.VI, locale.EN} {
		p := locale.New(lang)
		b, err := WriteRoster(p, testPeople, tree)
		if err != nil {
			t.Fatal(err)
		}
		rows := readFile(t, b)
		wantHeader := map[locale.Lang][]string{
			locale.VI: {"Số điện thoại", "Họ và tên", "Đơn vị", "Vai trò", "Chức danh", "Tên đơn vị"},
			locale.EN: {"Phone", "Name", "Unit", "Role", "Title", "Unit name"},
		}[lang]
		if !slices.Equal(rows[0], wantHeader) {
			t.Errorf("%s header %q; want %q", lang, rows[0], wantHeader)
		}
		if got := rows[2][3]; got != p.T("role.leader") {
			t.Errorf("%s role cell %q", lang, got)
		}
		got, _, problems := ReadRoster(rows, tree)
		if len(problems) > 0 {
			t.Fatalf("%s: problems %+v", lang, problems)
		}
		if !reflect.DeepEqual(got, testPeople) {
			t.Errorf("%s round trip\n got %+v\nwant %+v", lang, got, testPeople)
		}
	}
}

// A roster as an office keeps it in Excel: its own column order, the
// roster file's names in capitals, shared strings, a phone that Excel made
// a number, decomposed Vietnamese, a unit by its name, roles in words,
// blank rows and a column of notes.
func TestRosterAsExcelSavesIt(t *testing.T) {
	f := excelize.NewFile()
	s := "Sheet1"
	rows := [][]any{
		{"Ghi chú", "ROLE", "Name", "PHONE", "Unit"},
		{"mới", "LÃNH ĐẠO", norm.NFD.String("  Trần Thị Bích Hoà "), 987654321, "phong thi hanh an dan su khu vuc 2"},
		{},
		{nil, "officer", "Nguyễn Văn An", "+84 912.345.678", "KV1"},
		{nil, "quan tri", "Lê Đức", "(028) 3822 1234", "dongthap"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sheetRows := readFile(t, buf.Bytes())
	if sheetRows[1][3] != "987654321" {
		t.Fatalf("the phone cell reads %q; want the number as Excel wrote it", sheetRows[1][3])
	}
	got, _, problems := ReadRoster(sheetRows, testTree(t))
	if len(problems) > 0 {
		t.Fatalf("problems %+v", problems)
	}
	want := []fieldbot.Person{
		{Phone: "0987654321", Name: "Trần Thị Bích Hoà", Unit: "kv2", Role: fieldbot.RoleLeader},
		{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer},
		{Phone: "02838221234", Name: "Lê Đức", Unit: "dongthap", Role: fieldbot.RoleAdmin},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestRosterProblems(t *testing.T) {
	tree := testTree(t)
	rows := [][]string{
		nil, // a blank row above the headings
		{"Vai trò", "Số điện thoại", "Họ và tên", "Đơn vị"},
		{"Cán bộ", "0912345678", "Nguyễn Văn An", "kv1"},
		{"Cán bộ", "09123A5678", "Bùi Văn Bốn", "kv1"},
		{"cán bộ", "+84 912 345 678", "Ngô Thị Năm", "kv9"},
		{"Giám đốc", "0900000006", "", "kv2"},
		{"Quản trị", "0900000007", "Hồ Bảy\nTám", "kv2"},
		{"", "", "", ""},
		{"Lãnh đạo", "", "Đỗ Chín", ""},
	}
	_, _, problems := ReadRoster(rows, tree)
	want := []Problem{
		{4, "Số điện thoại", "import.bad_phone", []string{"value", "09123A5678"}},
		{5, "Số điện thoại", "import.duplicate_phone", []string{"value", "+84 912 345 678", "row", "3"}},
		{5, "Đơn vị", "import.unknown_unit", []string{"value", "kv9"}},
		{6, "Họ và tên", "import.required", nil},
		{6, "Vai trò", "import.bad_role", []string{"value", "Giám đốc"}},
		{7, "Họ và tên", "import.control_chars", nil},
		{7, "Đơn vị", "import.admin_not_root", []string{"unit", "dongthap"}},
		{9, "Số điện thoại", "import.required", nil},
		{9, "Đơn vị", "import.required", nil},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems\n got %+v\nwant %+v", problems, want)
	}
	vi, en := locale.New(locale.VI), locale.New(locale.EN)
	if got, want := problems[0].Text(vi), "Dòng 4, cột Số điện thoại: 09123A5678 không phải số điện thoại."; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
	if got, want := problems[1].Text(en), "Row 5, column Số điện thoại: +84 912 345 678 is the same phone number as on row 3: one person, one row."; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
	// Nothing of a sheet with problems comes back.
	if people, _, _ := ReadRoster(rows, tree); people != nil {
		t.Errorf("people %+v from a sheet with problems", people)
	}
}

func TestRosterHeaderProblems(t *testing.T) {
	tree := testTree(t)
	for _, c := range []struct {
		name string
		rows [][]string
		want []Problem
		text string
	}{
		{"missing columns", [][]string{{"phone", "Họ tên", "title"}, {"0912345678", "An", ""}},
			[]Problem{{1, "", "import.missing_column", []string{"column", "unit"}}, {1, "", "import.missing_column", []string{"column", "role"}}},
			"Dòng 1: thiếu cột “Đơn vị”."},
		{"column twice", [][]string{{"phone", "name", "unit", "role", "Số điện thoại"}},
			[]Problem{{1, "Số điện thoại", "import.duplicate_column", []string{"column", "Số điện thoại"}}},
			"Dòng 1, cột Số điện thoại: cột “Số điện thoại” có hai lần."},
		{"no rows", [][]string{{"phone", "name", "unit", "role"}, {"", " "}},
			[]Problem{{1, "", "import.no_rows", nil}},
			"Dòng 1: Bảng không có dòng nào ngoài dòng tiêu đề."},
		{"nothing at all", nil,
			[]Problem{{0, "", "import.no_rows", nil}},
			"Bảng không có dòng nào ngoài dòng tiêu đề."},
	} {
		t.Run(c.name, func(t *testing.T) {
			people, _, problems := ReadRoster(c.rows, tree)
			if people != nil || !reflect.DeepEqual(problems, c.want) {
				t.Fatalf("people %v, problems\n got %+v\nwant %+v", people, problems, c.want)
			}
			if got := problems[len(problems)-1].Text(locale.New(locale.VI)); c.name != "missing columns" && got != c.text {
				t.Errorf("Text = %q; want %q", got, c.text)
			}
			if got := problems[0].Text(locale.New(locale.VI)); c.name == "missing columns" && got != c.text {
				t.Errorf("Text = %q; want %q", got, c.text)
			}
		})
	}
}

func testRoster(t *testing.T) *fieldbot.Roster {
	t.Helper()
	r, err := fieldbot.NewRoster(testPeople)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var testTargets = []fieldbot.Target{
	{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2027, Value: 83.9, Milestones: map[string]float64{"03-31": 49, "07-31": 66.25}},
	{Indicator: "ty_le_tien", Unit: "dongthap", Year: 2027, Value: 51.9},
	{Indicator: "ty_le_viec", Unit: "kv1", Year: 2027, Value: 84.1, Milestones: map[string]float64{"12-31": 20.5}},
	{Indicator: "ty_le_viec", Unit: progress.PersonTargetPrefix + "0912345678", Year: 2027, Value: 85},
	{Indicator: "ty_le_viec", Unit: "kv1", Year: 2028, Value: 0.1},
}

func TestTargetsRoundTrip(t *testing.T) {
	tree, roster := testTree(t), testRoster(t)
	for _, lang := range []locale.Lang{locale.VI, locale.EN} {
		p := locale.New(lang)
		b, err := WriteTargets(p, testTargets, tree, testIndicators, roster)
		if err != nil {
			t.Fatal(err)
		}
		rows := readFile(t, b)
		wantHeader := map[locale.Lang][]string{
			locale.VI: {"Năm thống kê", "Chỉ tiêu", "Đơn vị", "Cán bộ", "Giá trị (%)", "31/12", "31/03", "31/07", "Tên chỉ tiêu", "Tên đơn vị", "Họ và tên cán bộ"},
			locale.EN: {"Year", "Indicator", "Unit", "Officer", "Target (%)", "12-31", "03-31", "07-31", "Indicator name", "Unit name", "Officer name"},
		}[lang]
		if !slices.Equal(rows[0], wantHeader) {
			t.Errorf("%s header\n got %q\nwant %q", lang, rows[0], wantHeader)
		}
		// The per-officer row names the officer's unit, phone and name.
		if got, want := rows[4], []string{"2027", "ty_le_viec", "kv1", "0912345678", "85", "", "", "", "Tỷ lệ thi hành xong về việc", "Phòng Thi hành án dân sự khu vực 1", "Nguyễn Văn An"}; !slices.Equal(got, want) {
			t.Errorf("%s officer row\n got %q\nwant %q", lang, got, want)
		}
		got, _, problems := ReadTargets(rows, tree, testIndicators, roster)
		if len(problems) > 0 {
			t.Fatalf("%s: problems %+v", lang, problems)
		}
		if !reflect.DeepEqual(got, testTargets) {
			t.Errorf("%s round trip\n got %+v\nwant %+v", lang, got, testTargets)
		}
	}
}

// Targets typed in Excel: a percentage as text with a decimal comma, as a
// number cell, an indicator by its label, a milestone headed by a date
// that Excel turned into a serial, by "Mốc 31/03" and by "07-31", an
// officer's target with no unit.
func TestTargetsAsExcelSavesIt(t *testing.T) {
	f := excelize.NewFile()
	s := "Sheet1"
	rows := [][]any{
		{"Đơn vị", "chỉ tiêu", "NĂM", "Cán bộ", "Giá trị", 46112, "Mốc 30/06", "07-31", "Ghi chú"},
		{"Phòng Thi hành án dân sự khu vực 1", "tỷ lệ thi hành xong về TIỀN", 2027, nil, "83,90%", "40,5", 50, 60.75, "x"},
		{nil, "ty_le_viec", "2027", 987654321, 83.9},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, _, problems := ReadTargets(readFile(t, buf.Bytes()), testTree(t), testIndicators, testRoster(t))
	if len(problems) > 0 {
		t.Fatalf("problems %+v", problems)
	}
	want := []fieldbot.Target{
		{Indicator: "ty_le_tien", Unit: "kv1", Year: 2027, Value: 83.9, Milestones: map[string]float64{"03-31": 40.5, "06-30": 50, "07-31": 60.75}},
		{Indicator: "ty_le_viec", Unit: progress.PersonTargetPrefix + "0987654321", Year: 2027, Value: 83.9},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestTargetsProblems(t *testing.T) {
	rows := [][]string{
		{"Năm thống kê", "Chỉ tiêu", "Đơn vị", "Cán bộ", "Giá trị (%)", "31/03"},
		{"2027", "ty_le_viec", "kv1", "", "83,9", "40"},
		{"27", "ty_le_viec", "kv1", "", "83,9"},
		{"2027", "ty_le_xyz", "kv7", "", "1.2.3"},
		{"2027", "ty_le_viec", "kv1", "", "101", "-1"},
		{"2027", "ty_le_viec", "", "0999999999", "80", "90"},
		{"2027", "ty_le_viec", "kv2", "0912345678", "80"},
		{"2027", "ty_le_viec", "", "", ""},
		{"2027", "Tỷ lệ thi hành xong về việc", "KV1", "", "70"},
		{"2027.5", "ty_le_tien", "kv1", "09x", "70"},
	}
	_, _, problems := ReadTargets(rows, testTree(t), testIndicators, testRoster(t))
	want := []Problem{
		{3, "Năm thống kê", "import.bad_year", []string{"value", "27"}},
		{4, "Chỉ tiêu", "import.unknown_indicator", []string{"value", "ty_le_xyz"}},
		{4, "Đơn vị", "import.unknown_unit", []string{"value", "kv7"}},
		{4, "Giá trị (%)", "import.bad_value", []string{"value", "1.2.3"}},
		{5, "Giá trị (%)", "import.value_range", []string{"value", "101"}},
		{5, "31/03", "import.value_range", []string{"value", "-1"}},
		{6, "Cán bộ", "import.unknown_officer", []string{"value", "0999999999"}},
		{6, "31/03", "import.milestone_above", []string{"value", "90", "target", "80"}},
		{7, "Cán bộ", "import.officer_elsewhere", []string{"name", "Nguyễn Văn An", "unit", "Phòng Thi hành án dân sự khu vực 1"}},
		{8, "Đơn vị", "import.required", nil},
		{8, "Giá trị (%)", "import.required", nil},
		{9, "", "import.duplicate_target", []string{"row", "2"}},
		{10, "Năm thống kê", "import.bad_year", []string{"value", "2027.5"}},
		{10, "Cán bộ", "import.bad_phone", []string{"value", "09x"}},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems\n got %+v\nwant %+v", problems, want)
	}
	if got, want := problems[7].Text(locale.New(locale.VI)), "Dòng 6, cột 31/03: mốc 90 cao hơn chỉ tiêu cả năm 80."; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
}

func TestTargetsHeaderProblems(t *testing.T) {
	for _, c := range []struct {
		name   string
		header []string
		want   []Problem
	}{
		{"no unit nor officer, no value", []string{"Năm thống kê", "Chỉ tiêu"}, []Problem{
			{1, "", "import.missing_column", []string{"column", "value"}},
			{1, "", "import.missing_column", []string{"column", "unit"}},
		}},
		{"a day that is not one, a day twice", []string{"year", "indicator", "unit", "value", "31/02", "31/03", "03-31"}, []Problem{
			{1, "31/02", "import.bad_milestone", []string{"value", "31/02"}},
			{1, "03-31", "import.duplicate_column", []string{"column", "03-31"}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			targets, _, problems := ReadTargets([][]string{c.header, {"2027", "ty_le_viec", "kv1", "80"}}, testTree(t), testIndicators, testRoster(t))
			if targets != nil || !reflect.DeepEqual(problems, c.want) {
				t.Errorf("targets %v, problems\n got %+v\nwant %+v", targets, problems, c.want)
			}
		})
	}
	p := Problem{1, "", "import.missing_column", []string{"column", "value"}}
	if got, want := p.Text(locale.New(locale.EN)), "Row 1: the column “Target” is missing."; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{"31/03": "03-31", "1/4": "04-01", "03-31": "03-31", "Mốc 29/02": "02-29", "milestone 12-31": "12-31", "46112": "03-31"} {
		d, _, ok := parseDay(in)
		if !ok || d.String() != want {
			t.Errorf("parseDay(%q) = %v, %v; want %s", in, d, ok, want)
		}
	}
	for in, shaped := range map[string]bool{"31/02": true, "13/13": true, "0/5": true, "Ghi chú": false, "2027": false, "a/b": false} {
		if _, s, ok := parseDay(in); ok || s != shaped {
			t.Errorf("parseDay(%q) = shaped %v, ok %v; want shaped %v, not ok", in, s, ok, shaped)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]float64{"83.9": 83.9, "83,90": 83.9, "83,90%": 83.9, "83.900000000000006": 83.9, "1E2": 100, "0": 0, "2027": 2027} {
		if got, err := number(in); err != nil || got != want {
			t.Errorf("number(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1.2.3"} {
		if _, err := number(in); err == nil {
			t.Errorf("number(%q) accepted", in)
		}
	}
}

// A phone typed as a number in Excel: its 0 lost, maybe in scientific
// notation in the file's XML.
func TestPhoneFromNumberCell(t *testing.T) {
	for in, want := range map[string]string{"912345678": "0912345678", "9.12345678E8": "0912345678", "8.4912345678E10": "0912345678", "0912 345 678": "0912345678"} {
		if got, err := phone(in); err != nil || got != want {
			t.Errorf("phone(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"9.1E3", "1E300", "-9.12345678E8", "09123A5678"} {
		if got, err := phone(in); err == nil {
			t.Errorf("phone(%q) = %q; want an error", in, got)
		}
	}
}
