package present

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
)

var ict = time.FixedZone("ICT", 7*3600)

var form = fieldbot.Form{ID: "weekly", Fields: []fieldbot.Field{
	{ID: "viec_co_dieu_kien", Type: fieldbot.FieldCount}, {ID: "viec_xong", Type: fieldbot.FieldCount},
	{ID: "tien_co_dieu_kien", Type: fieldbot.FieldMoney}, {ID: "tien_xong", Type: fieldbot.FieldMoney},
}}

var (
	viec = fieldbot.Indicator{ID: "ty_le_viec", Label: "Tỷ lệ thi hành xong về việc", Form: "weekly", Numerator: "viec_xong", Denominator: "viec_co_dieu_kien"}
	tien = fieldbot.Indicator{ID: "ty_le_tien", Label: "Tỷ lệ thi hành xong về tiền", Form: "weekly", Numerator: "tien_xong", Denominator: "tien_co_dieu_kien"}
)

// khu vực 1 in week 49: ahead of the pace in cases although far below the
// year's target; behind it in money.
func week49() progress.UnitStatus {
	return progress.UnitStatus{Unit: fieldbot.Unit{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1"}, Figures: []progress.Figure{
		{Indicator: viec, Rate: 19.13, HasData: true, Target: 85.5, HasTarget: true, Gap: 19.13 - 85.5, OfTarget: 19.13 / 85.5 * 100,
			Expected: 15.83, HasExpected: true, Pace: 19.13 - 15.83, NeededNumerator: 312},
		{Indicator: tien, Rate: 8.49, HasData: true, Target: 52, HasTarget: true, Gap: 8.49 - 52, OfTarget: 8.49 / 52 * 100,
			Expected: 9.69, HasExpected: true, Pace: 8.49 - 9.69, Behind: true, NeededNumerator: 1_364_083_000_000},
	}}
}

func writer(lang locale.Lang) Writer {
	return Writer{P: locale.New(lang), Cal: fieldbot.Calendar{Location: ict, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}},
		Forms: []fieldbot.Form{form}, Now: time.Date(2026, 12, 7, 9, 0, 0, 0, ict)}
}

func mustHave(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func TestFiguresTwoGaps(t *testing.T) {
	got := writer(locale.VI).Figures(week49())
	blocks := strings.Split(got, "\n\n")
	if len(blocks) != 2 {
		t.Fatalf("Figures = %d blocks; want 2:\n%s", len(blocks), got)
	}
	mustHave(t, "cases", blocks[0], "Cần đạt đến nay: 15,83% (vượt tiến độ 3,30 điểm)", "Chỉ tiêu năm: 85,50% (còn thiếu 66,37 điểm")
	if strings.Contains(blocks[0], "⚠️") {
		t.Errorf("cases ahead of pace flagged:\n%s", blocks[0])
	}
	mustHave(t, "money", blocks[1], "⚠️ Cần đạt đến nay: 9,69% (chậm tiến độ 1,20 điểm)", "Chỉ tiêu năm: 52,00%",
		"cần thu thêm 1.364 tỷ đồng")
	if strings.Contains(blocks[1], "1.364.083") {
		t.Errorf("status shows every đồng:\n%s", blocks[1])
	}
	en := writer(locale.EN).Figures(week49())
	mustHave(t, "English", en, "Expected by now: 15.83% (3.30 points ahead of pace)", "⚠️ Expected by now: 9.69% (1.20 points behind pace)",
		"Year's target: 85.50%", "1,364 billion VND")
}

func TestOneLineNamesFigures(t *testing.T) {
	got := writer(locale.VI).OneLine("Nguyễn Văn An", week49())
	mustHave(t, "OneLine", got, "Nguyễn Văn An",
		"Tỷ lệ thi hành xong về việc: <b>19,13%</b> (vượt tiến độ 3,30 điểm; còn thiếu 66,37 điểm so với chỉ tiêu năm)",
		"⚠️ Tỷ lệ thi hành xong về tiền: <b>8,49%</b> (chậm tiến độ 1,20 điểm; còn thiếu 43,51 điểm so với chỉ tiêu năm)")
	if strings.Count(got, "⚠️") != 1 {
		t.Errorf("OneLine flags %d figures; want 1:\n%s", strings.Count(got, "⚠️"), got)
	}
	en := writer(locale.EN).OneLine("Nguyễn Văn An", week49())
	mustHave(t, "English OneLine", en, "Tỷ lệ thi hành xong về việc: <b>19.13%</b> (3.30 points ahead of pace; 66.37 points short of the year's target)")
}

func TestRankLine(t *testing.T) {
	w := writer(locale.VI)
	st := week49()
	if got := w.RankLine(1, "Phòng Thi hành án dân sự khu vực 1", st.Figures[0]); strings.Contains(got, "⚠️") ||
		!strings.Contains(got, "1. Phòng Thi hành án dân sự khu vực 1: <b>19,13%</b> (vượt tiến độ 3,30 điểm; còn thiếu 66,37 điểm so với chỉ tiêu năm)") {
		t.Errorf("RankLine ahead of pace = %q", got)
	}
	if got := w.RankLine(2, "A & B", st.Figures[1]); !strings.HasPrefix(got, "⚠️ 2. A &amp; B: ") {
		t.Errorf("RankLine behind pace = %q", got)
	}
	if got := w.RankLine(3, "C", progress.Figure{Indicator: viec}); got != "3. C: chưa có số liệu" {
		t.Errorf("RankLine without data = %q", got)
	}
	// Level with the pace at two decimals, and above the year's target.
	f := progress.Figure{Indicator: viec, Rate: 90, HasData: true, Target: 85.5, HasTarget: true, Gap: 4.5, Expected: 90.001, HasExpected: true, Pace: -0.001}
	if got := w.RankLine(1, "D", f); !strings.Contains(got, "(đúng tiến độ; vượt chỉ tiêu năm 4,50 điểm)") {
		t.Errorf("RankLine level = %q", got)
	}
}
