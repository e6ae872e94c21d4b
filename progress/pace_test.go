package progress

import (
	"slices"
	"testing"

	"github.com/fieldbot/fieldbot"
)

// TestBehindPace: in the first quarter of the statistical year every unit
// is far below its year-end target; Behind flags only those below the
// expected-by-now value.
func TestBehindPace(t *testing.T) {
	l := newTestLedger(t,
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2027, Value: 85.5, Milestones: map[string]float64{"03-31": 43}},
		fieldbot.Target{Indicator: "ty_le_tien", Unit: "dongthap", Year: 2027, Value: 52},
	)
	at := day("07/12/2026")
	w := week("07/12/2026")
	// 01/10 → end of 07/12 is 68 days; 01/10 → 01/04 is 182, the year 365.
	expViec, expTien := 43.0*68/182, 52.0*68/365 // 16,07% and 9,69%
	l.Add(sub(phA, "kv1", w, counts{cdk: 1000, xong: 191, tcdk: 1_000_000_000_000, txong: 50_000_000_000, tiepDan: -1}))
	l.Add(sub(phC, "kv2", w, counts{cdk: 1000, xong: 150, tcdk: 1_000_000_000_000, txong: 100_000_000_000, tiepDan: -1}))
	// kv3: 16,065% against 16,0659…%: level at the two decimals people see.
	l.Add(sub(phD, "kv3", w, counts{cdk: 100000, xong: 16065, tcdk: 1_000_000_000_000, txong: 96_870_000_000, tiepDan: -1}))

	for _, tt := range []struct {
		unit       string
		viec, tien bool // behind
	}{
		{"kv1", false, true}, // 19,10% of cases is ahead of 16,07%; 5% of money is behind 9,69%
		{"kv2", true, false},
		{"kv3", false, false},
		{"angiang", false, false}, // no data, no target
	} {
		st := mustUnit(t, l, tt.unit, at)
		v, m := st.Figures[0], st.Figures[1]
		if v.Behind != tt.viec || m.Behind != tt.tien {
			t.Errorf("%s: Behind = %v, %v; want %v, %v (rates %v, %v; expected %v, %v)",
				tt.unit, v.Behind, m.Behind, tt.viec, tt.tien, v.Rate, m.Rate, v.Expected, m.Expected)
		}
		if tt.unit == "angiang" {
			continue
		}
		if !near(v.Pace, v.Rate-expViec) || !near(m.Pace, m.Rate-expTien) {
			t.Errorf("%s: Pace = %v, %v; want %v, %v", tt.unit, v.Pace, m.Pace, v.Rate-expViec, m.Rate-expTien)
		}
		if v.Gap >= 0 || m.Gap >= 0 {
			t.Errorf("%s: gaps to the year-end target %v, %v; want both below", tt.unit, v.Gap, m.Gap)
		}
	}
	// The province as a whole: (191+150+16065)/(102000) = 16,08% of cases.
	if f := mustUnit(t, l, "dongthap", at).Figures[0]; f.Behind {
		t.Errorf("dongthap at %v against %v flagged behind", f.Rate, f.Expected)
	}
}

// TestBehindWithoutExpected: a figure with a target but no expectation is
// behind when below its target; without data it is never behind.
func TestBehindWithoutExpected(t *testing.T) {
	for _, tt := range []struct {
		f    Figure
		want bool
	}{
		{Figure{Rate: 10, HasData: true, Target: 20, HasTarget: true}, true},
		{Figure{Rate: 25, HasData: true, Target: 20, HasTarget: true}, false},
		{Figure{Rate: 10, HasData: true, Target: 80, HasTarget: true, Expected: 9, HasExpected: true}, false},
		{Figure{Rate: 10, HasData: true, Target: 80, HasTarget: true, Expected: 11, HasExpected: true}, true},
		{Figure{Target: 80, HasTarget: true, Expected: 11, HasExpected: true}, false},
		{Figure{Rate: 10, HasData: true}, false},
	} {
		f := tt.f
		f.judge()
		if f.Behind != tt.want {
			t.Errorf("%+v: Behind = %v; want %v", tt.f, f.Behind, tt.want)
		}
	}
}

// TestNeededMoneyExact: what is still needed is computed exactly, in whole
// đồng. A relative tolerance of 1e-12 on 1.560 tỷ đồng is more than one
// đồng and made "cần thu thêm 1.364.082.999.999 đồng" of 1.364.083.000.000.
func TestNeededMoneyExact(t *testing.T) {
	for _, tt := range []struct {
		tcdk, txong int64
		target      float64
		want        float64
	}{
		{3_000_000_000_000, 195_917_000_000, 52, 1_364_083_000_000},
		{2_628_290_000_000, 1_000_000_000, 51.90, 1_363_082_510_000},
		{9_000_000_000_000_000, 0, 51.90, 4_671_000_000_000_000},
		{1_000_000_000_003, 0, 40.10, 401_000_000_002}, // 401.000.000.001,203 → one đồng more
		{1_000_000_000_000, 401_000_000_000, 40.10, 0},
		{1_000_000_000_000, 1, 40.125, 401_249_999_999}, // three decimals: the general path
		{1_000_000_000_001, 0, 40.125, 401_250_000_001},
	} {
		l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_tien", Unit: "kv1", Year: 2027, Value: tt.target})
		l.Add(sub(phA, "kv1", week("07/12/2026"), counts{cdk: 1, tcdk: tt.tcdk, txong: tt.txong, tiepDan: -1}))
		if f := mustUnit(t, l, "kv1", day("07/12/2026")).Figures[1]; f.NeededNumerator != tt.want {
			t.Errorf("%d of %d against %v%%: needed %.0f; want %.0f", tt.txong, tt.tcdk, tt.target, f.NeededNumerator, tt.want)
		}
	}
}

// TestBreakdown: a unit's sub-units, or the officers of a unit without any.
func TestBreakdown(t *testing.T) {
	l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_viec", Unit: "cuc", Year: 2027, Value: 80})
	w := week("07/12/2026")
	l.Add(sub(phA, "kv1", w, viec(100, 10)))
	l.Add(sub(phB, "kv1", w, viec(100, 30)))
	at := day("07/12/2026")
	for _, tt := range []struct {
		unit      string
		byOfficer bool
		want      []string
	}{
		{"dongthap", false, []string{"Phòng Thi hành án dân sự khu vực 1", "Phòng Thi hành án dân sự khu vực 2", "Phòng Thi hành án dân sự khu vực 3"}},
		{"kv1", true, []string{"Nguyễn Văn A", "Trần Thị B"}},
		{"kv2", true, []string{"Lê Văn C"}},
	} {
		rows, byOfficer, err := l.Breakdown(tt.unit, at)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rows {
			names = append(names, r.Name)
			if (r.Person != nil) != byOfficer {
				t.Errorf("Breakdown(%s): row %s has person %v with byOfficer %v", tt.unit, r.Name, r.Person, byOfficer)
			}
		}
		if byOfficer != tt.byOfficer || !slices.Equal(names, tt.want) {
			t.Errorf("Breakdown(%s) = %v, %v; want %v, %v", tt.unit, names, byOfficer, tt.want, tt.byOfficer)
		}
	}
	rows, _, _ := l.Breakdown("kv1", at)
	ranked := Rank(rows, 0)
	if ranked[0].Name != "Trần Thị B" || rows[0].Name != "Nguyễn Văn A" {
		t.Errorf("Rank = %s, %s; want B first, rows untouched", ranked[0].Name, ranked[1].Name)
	}
	// The officers of a unit itself, whether or not it has sub-units.
	if rows, err := l.Officers("dongthap", at); err != nil || len(rows) != 0 {
		t.Errorf("Officers(dongthap) = %v, %v; want none (its officers are in kv1–kv3)", rows, err)
	}
	if rows, err := l.Officers("kv1", at); err != nil || len(rows) != 2 || rows[1].Person.Phone != phB {
		t.Errorf("Officers(kv1) = %v, %v; want A and B", rows, err)
	}
	if _, _, err := l.Breakdown("nowhere", at); fieldbot.ErrorCode(err) != fieldbot.ENOTFOUND {
		t.Errorf("Breakdown(nowhere) = %v; want not found", err)
	}
}
