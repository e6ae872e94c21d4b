package progress

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

// ict is Vietnam's time (UTC+7, no daylight saving), without tzdata.
var ict = time.FixedZone("ICT", 7*3600)

var testCal = fieldbot.Calendar{Location: ict, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}

// day is noon of a dd/mm/yyyy date in Vietnam.
func day(s string) time.Time {
	t, err := time.ParseInLocation("02/01/2006", s, ict)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// week is the key of the week containing a dd/mm/yyyy date.
func week(s string) string { return testCal.PeriodOf(fieldbot.PeriodWeek, day(s)).Key }

var testForm = &fieldbot.Form{
	ID: "weekly", Title: "Báo cáo tiến độ tuần", Period: fieldbot.PeriodWeek,
	Fields: []fieldbot.Field{
		{ID: "viec_co_dieu_kien", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast},
		{ID: "viec_xong", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast},
		{ID: "viec_dinh_chi", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast},
		{ID: "tien_co_dieu_kien", Type: fieldbot.FieldMoney, Aggregate: fieldbot.AggregateLast},
		{ID: "tien_xong", Type: fieldbot.FieldMoney, Aggregate: fieldbot.AggregateLast},
		{ID: "tiep_dan", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateSum},
		{ID: "ghi_chu", Type: fieldbot.FieldText},
	},
}

var testIndicators = []fieldbot.Indicator{
	{ID: "ty_le_viec", Label: "Tỷ lệ thi hành xong về việc", Form: "weekly", Numerator: "viec_xong + viec_dinh_chi", Denominator: "viec_co_dieu_kien"},
	{ID: "ty_le_tien", Label: "Tỷ lệ thi hành xong về tiền", Form: "weekly", Numerator: "tien_xong", Denominator: "tien_co_dieu_kien"},
}

// testUnits: cuc → dongthap → kv1, kv2, kv3; cuc → angiang → ag1.
var testUnits = []fieldbot.Unit{
	{ID: "cuc", Name: "Cục Quản lý THADS"},
	{ID: "dongthap", Name: "Thi hành án dân sự tỉnh Đồng Tháp", Parent: "cuc"},
	{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1", Parent: "dongthap"},
	{ID: "kv2", Name: "Phòng Thi hành án dân sự khu vực 2", Parent: "dongthap"},
	{ID: "kv3", Name: "Phòng Thi hành án dân sự khu vực 3", Parent: "dongthap"},
	{ID: "angiang", Name: "Thi hành án dân sự tỉnh An Giang", Parent: "cuc"},
	{ID: "ag1", Name: "Phòng Thi hành án dân sự khu vực 1 (An Giang)", Parent: "angiang"},
}

// Officers A and B in kv1, C in kv2, D in kv3, E in ag1; leaders do not report.
const (
	phA = "0900000001"
	phB = "0900000002"
	phC = "0900000003"
	phD = "0900000004"
	phE = "0900000005"
)

var testPeople = []fieldbot.Person{
	{Phone: "0900000100", Name: "Lãnh đạo tỉnh", Unit: "dongthap", Role: fieldbot.RoleLeader},
	{Phone: phA, Name: "Nguyễn Văn A", Unit: "kv1", Role: fieldbot.RoleOfficer},
	{Phone: phB, Name: "Trần Thị B", Unit: "kv1", Role: fieldbot.RoleOfficer},
	{Phone: "0900000101", Name: "Trưởng phòng kv1", Unit: "kv1", Role: fieldbot.RoleLeader},
	{Phone: phC, Name: "Lê Văn C", Unit: "kv2", Role: fieldbot.RoleOfficer},
	{Phone: phD, Name: "Phạm Thị D", Unit: "kv3", Role: fieldbot.RoleOfficer},
	{Phone: phE, Name: "Võ Văn E", Unit: "ag1", Role: fieldbot.RoleOfficer},
}

func compileFormulas(t testing.TB, form *fieldbot.Form, inds []fieldbot.Indicator) map[string][2]*rules.Expr {
	t.Helper()
	types := map[string]fieldbot.FieldType{}
	for _, f := range form.Fields {
		types[f.ID] = f.Type
	}
	out := map[string][2]*rules.Expr{}
	for _, in := range inds {
		n, err := rules.Compile(in.Numerator, types, rules.Number)
		if err != nil {
			t.Fatal(err)
		}
		d, err := rules.Compile(in.Denominator, types, rules.Number)
		if err != nil {
			t.Fatal(err)
		}
		out[in.ID] = [2]*rules.Expr{n, d}
	}
	return out
}

func newTestLedger(t testing.TB, targets ...fieldbot.Target) *Ledger {
	t.Helper()
	tree, err := fieldbot.NewTree(testUnits)
	if err != nil {
		t.Fatal(err)
	}
	roster, err := fieldbot.NewRoster(testPeople)
	if err != nil {
		t.Fatal(err)
	}
	return NewLedger(Config{
		Tree: tree, Roster: roster, Form: testForm, Indicators: testIndicators,
		Formulas: compileFormulas(t, testForm, testIndicators), Targets: targets, Calendar: testCal,
	})
}

// counts are one report's cumulative figures.
type counts struct {
	cdk, xong, dc   int64 // việc
	tcdk, txong     int64 // tiền
	tiepDan         int64 // sum field; -1 leaves it out
	rev             int
	submittedOffset time.Duration
}

func sub(phone, unit, period string, c counts) fieldbot.Submission {
	a := fieldbot.Answers{
		"viec_co_dieu_kien": strconv.FormatInt(c.cdk, 10),
		"viec_xong":         strconv.FormatInt(c.xong, 10),
		"viec_dinh_chi":     strconv.FormatInt(c.dc, 10),
		"tien_co_dieu_kien": strconv.FormatInt(c.tcdk, 10),
		"tien_xong":         strconv.FormatInt(c.txong, 10),
		"ghi_chu":           "không có gì",
	}
	if c.tiepDan >= 0 {
		a["tiep_dan"] = strconv.FormatInt(c.tiepDan, 10)
	}
	rev := c.rev
	if rev == 0 {
		rev = 1
	}
	return fieldbot.Submission{
		Form: "weekly", Period: period, Unit: unit, Phone: phone, Revision: rev,
		SubmittedAt: time.Date(2021, 1, 1, 0, 0, 0, 0, ict).Add(c.submittedOffset),
		SubmittedBy: phone, Answers: a,
	}
}

// viec is a report with only case counts.
func viec(cdk, xong int64) counts { return counts{cdk: cdk, xong: xong, tiepDan: -1} }

func mustUnit(t *testing.T, l *Ledger, unit string, at time.Time) UnitStatus {
	t.Helper()
	st, err := l.Unit(unit, at)
	if err != nil {
		t.Fatalf("Unit(%s) = %v", unit, err)
	}
	return st
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func finite(f Figure) bool {
	for _, v := range []float64{f.Numerator, f.Denominator, f.Rate, f.Target, f.Gap, f.OfTarget, f.Expected, f.LastWeek, f.LastYear, f.NeededNumerator} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
