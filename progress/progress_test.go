package progress

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/fieldbot/fieldbot"
)

// The seed's Đồng Tháp 2021 results: việc 81,89% against 81,50% (vượt 0,39
// điểm), tiền 45,56% against 40,10% (vượt 5,46 điểm), rebuilt from
// officer-level counts of three regional offices.
func TestGoldenDongThap2021(t *testing.T) {
	l := newTestLedger(t,
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2021, Value: 81.50},
		fieldbot.Target{Indicator: "ty_le_tien", Unit: "dongthap", Year: 2021, Value: 40.10},
	)
	const ty = 1_000_000_000 // một tỷ đồng
	final := map[string]counts{
		phA: {cdk: 2000, xong: 1500, dc: 150, tcdk: 200 * ty, txong: 90 * ty, tiepDan: -1},
		phB: {cdk: 1500, xong: 1200, dc: 100, tcdk: 150 * ty, txong: 70 * ty, tiepDan: -1},
		phC: {cdk: 3000, xong: 2300, dc: 200, tcdk: 300 * ty, txong: 140 * ty, tiepDan: -1},
		phD: {cdk: 3500, xong: 2539, dc: 200, tcdk: 350 * ty, txong: 155_600_000_000, tiepDan: -1},
	}
	units := map[string]string{phA: "kv1", phB: "kv1", phC: "kv2", phD: "kv3"}
	// Earlier weeks with smaller figures, which the final week supersedes.
	for ph, c := range final {
		early := c
		early.xong, early.txong = c.xong/2, c.txong/2
		l.Add(sub(ph, units[ph], week("10/09/2021"), early))
		l.Add(sub(ph, units[ph], week("24/09/2021"), c))
	}
	// Another province reports too, and must not leak into Đồng Tháp.
	l.Add(sub(phE, "ag1", week("24/09/2021"), counts{cdk: 100, xong: 10, tcdk: ty, txong: ty / 10, tiepDan: -1}))

	at := day("24/09/2021")
	for _, tt := range []struct {
		unit                   string
		viecNum, viecDen       float64
		tienNum, tienDen       float64
		viecRate, tienRate     float64
		viecGap, tienGap       float64
		viecOfTarget           float64
		reporters, staleLength int
	}{
		{"dongthap", 8189, 10000, 455.6 * ty, 1000 * ty, 81.89, 45.56, 0.39, 5.46, 81.89 / 81.50 * 100, 4, 0},
		{"kv1", 2950, 3500, 160 * ty, 350 * ty, 2950.0 / 35, 160.0 / 3.5, 2950.0/35 - 81.5, 160.0/3.5 - 40.1, 2950.0 / 35 / 81.5 * 100, 2, 0},
		{"kv2", 2500, 3000, 140 * ty, 300 * ty, 2500.0 / 30, 140.0 / 3, 2500.0/30 - 81.5, 140.0/3 - 40.1, 2500.0 / 30 / 81.5 * 100, 1, 0},
		{"kv3", 2739, 3500, 155.6 * ty, 350 * ty, 2739.0 / 35, 155.6 / 3.5, 2739.0/35 - 81.5, 155.6/3.5 - 40.1, 2739.0 / 35 / 81.5 * 100, 1, 0},
	} {
		st := mustUnit(t, l, tt.unit, at)
		v, m := st.Figures[0], st.Figures[1]
		if v.Numerator != tt.viecNum || v.Denominator != tt.viecDen || m.Numerator != tt.tienNum || m.Denominator != tt.tienDen {
			t.Errorf("%s: việc %v/%v, tiền %v/%v; want %v/%v, %v/%v", tt.unit,
				v.Numerator, v.Denominator, m.Numerator, m.Denominator, tt.viecNum, tt.viecDen, tt.tienNum, tt.tienDen)
		}
		if !v.HasData || !m.HasData || !near(v.Rate, tt.viecRate) || !near(m.Rate, tt.tienRate) {
			t.Errorf("%s: rates %v, %v; want %v, %v", tt.unit, v.Rate, m.Rate, tt.viecRate, tt.tienRate)
		}
		if !v.HasTarget || v.Target != 81.50 || v.TargetUnit != "dongthap" || !m.HasTarget || m.Target != 40.10 {
			t.Errorf("%s: targets %v from %q, %v; want 81.5 from dongthap, 40.1", tt.unit, v.Target, v.TargetUnit, m.Target)
		}
		if !near(v.Gap, tt.viecGap) || !near(m.Gap, tt.tienGap) || !near(v.OfTarget, tt.viecOfTarget) {
			t.Errorf("%s: gaps %v, %v (of target %v); want %v, %v (%v)", tt.unit, v.Gap, m.Gap, v.OfTarget, tt.viecGap, tt.tienGap, tt.viecOfTarget)
		}
		if st.Reporters != tt.reporters || st.Reported != tt.reporters || len(st.Stale) != tt.staleLength {
			t.Errorf("%s: reported %d of %d, stale %v; want all %d, none stale", tt.unit, st.Reported, st.Reporters, st.Stale, tt.reporters)
		}
	}
	// The published figures, as a report writes them: two decimals.
	st := mustUnit(t, l, "dongthap", at)
	for i, want := range []string{"81.89 +0.39", "45.56 +5.46"} {
		f := st.Figures[i]
		if got := fmt.Sprintf("%.2f %+.2f", f.Rate, f.Gap); got != want {
			t.Errorf("Đồng Tháp %s = %s; want %s", f.Indicator.ID, got, want)
		}
	}
	// The root adds An Giang; the children of Đồng Tháp add up to it.
	root := mustUnit(t, l, "cuc", at)
	if root.Figures[0].Numerator != 8199 || root.Figures[0].Denominator != 10100 {
		t.Errorf("cuc việc = %v/%v; want 8199/10100", root.Figures[0].Numerator, root.Figures[0].Denominator)
	}
	kids, err := l.Children("dongthap", at)
	if err != nil {
		t.Fatal(err)
	}
	var num, den float64
	for _, k := range kids {
		num += k.Figures[1].Numerator
		den += k.Figures[1].Denominator
	}
	if num != st.Figures[1].Numerator || den != st.Figures[1].Denominator {
		t.Errorf("children of dongthap add up to %v/%v; the province has %v/%v", num, den, st.Figures[1].Numerator, st.Figures[1].Denominator)
	}
}

func TestTargetInheritance(t *testing.T) {
	l := newTestLedger(t,
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "cuc", Year: 2021, Value: 80},
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "kv2", Year: 2021, Value: 85},
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "cuc", Year: 2022, Value: 82},
		fieldbot.Target{Indicator: "ty_le_tien", Unit: "dongthap", Year: 2021, Value: 40},
		fieldbot.Target{Indicator: "ty_le_viec", Unit: PersonTargetPrefix + "+84 900 000 001", Year: 2021, Value: 90},
	)
	for _, tt := range []struct {
		unit, date string
		viec       float64
		viecFrom   string
		tien       float64 // 0: none
	}{
		{"cuc", "24/09/2021", 80, "cuc", 0},
		{"kv1", "24/09/2021", 80, "cuc", 40}, // no own target: the root's
		{"kv2", "24/09/2021", 85, "kv2", 40}, // its own
		{"kv3", "24/09/2021", 80, "cuc", 40},
		{"dongthap", "24/09/2021", 80, "cuc", 40},
		{"ag1", "24/09/2021", 80, "cuc", 0},
		{"kv2", "05/10/2021", 82, "cuc", 0}, // year 2022: kv2 has none of its own
	} {
		st := mustUnit(t, l, tt.unit, day(tt.date))
		v, m := st.Figures[0], st.Figures[1]
		if !v.HasTarget || v.Target != tt.viec || v.TargetUnit != tt.viecFrom {
			t.Errorf("%s at %s: việc target %v from %q (%v); want %v from %s", tt.unit, tt.date, v.Target, v.TargetUnit, v.HasTarget, tt.viec, tt.viecFrom)
		}
		if m.HasTarget != (tt.tien != 0) || m.Target != tt.tien {
			t.Errorf("%s at %s: tiền target %v (%v); want %v", tt.unit, tt.date, m.Target, m.HasTarget, tt.tien)
		}
	}
	if st := mustUnit(t, l, "kv1", day("24/09/2023")); st.Figures[0].HasTarget || st.Figures[0].HasExpected {
		t.Errorf("kv1 in 2023 has target %v; want none", st.Figures[0].Target)
	}
	// Per-officer targets: A has their own; B uses their unit's.
	for _, tt := range []struct {
		phone string
		want  float64
		from  string
	}{{phA, 90, "person:+84 900 000 001"}, {phB, 80, "cuc"}} {
		st, err := l.Person(tt.phone, day("24/09/2021"))
		if err != nil {
			t.Fatal(err)
		}
		if f := st.Figures[0]; f.Target != tt.want || f.TargetUnit != tt.from {
			t.Errorf("Person(%s) target %v from %q; want %v from %q", tt.phone, f.Target, f.TargetUnit, tt.want, tt.from)
		}
	}
}

func TestExpected(t *testing.T) {
	milestones := map[string]float64{"03-31": 49, "07-31": 66}
	l := newTestLedger(t,
		fieldbot.Target{Indicator: "ty_le_viec", Unit: "cuc", Year: 2021, Value: 81.5, Milestones: milestones},
		fieldbot.Target{Indicator: "ty_le_tien", Unit: "cuc", Year: 2021, Value: 40},
	)
	// Year 2021 runs from 01/10/2020 to 30/09/2021; the expectation at a
	// date is the one at the end of that day. 01/10→01/04 is 182 days,
	// 01/04→01/08 122, 01/08→01/10 61, and the whole year 365.
	for _, tt := range []struct {
		date       string
		viec, tien float64
	}{
		{"01/10/2020", 49.0 * 1 / 182, 40.0 * 1 / 365},
		{"31/12/2020", 49.0 * 92 / 182, 40.0 * 92 / 365}, // before the first milestone: from 0 at the year's start
		{"31/03/2021", 49, 40.0 * 182 / 365},             // on a milestone: its value
		{"31/05/2021", 57.5, 40.0 * 243 / 365},           // halfway between milestones
		{"31/07/2021", 66, 40.0 * 304 / 365},
		{"31/08/2021", 66 + 15.5*31/61, 40.0 * 335 / 365}, // after the last: towards the year-end value
		{"30/09/2021", 81.5, 40},
	} {
		st := mustUnit(t, l, "kv1", day(tt.date))
		v, m := st.Figures[0], st.Figures[1]
		if !v.HasExpected || !near(v.Expected, tt.viec) || !m.HasExpected || !near(m.Expected, tt.tien) {
			t.Errorf("expected at %s = %v, %v; want %v, %v", tt.date, v.Expected, m.Expected, tt.viec, tt.tien)
		}
	}
}

// A skipped week carries the reporter's last value forward and lists them
// as stale; they are missing for the week, and still counted.
func TestCarryForward(t *testing.T) {
	l := newTestLedger(t)
	l.Add(sub(phA, "kv1", week("03/09/2021"), viec(100, 40)))
	l.Add(sub(phA, "kv1", week("10/09/2021"), viec(100, 50)))
	l.Add(sub(phB, "kv1", week("10/09/2021"), viec(200, 100)))
	l.Add(sub(phB, "kv1", week("17/09/2021"), viec(200, 150)))

	for _, tt := range []struct {
		unit, date string
		num, den   float64
		stale      []string
		reported   int
	}{
		{"kv1", "10/09/2021", 150, 300, nil, 2},
		{"kv1", "17/09/2021", 200, 300, []string{phA}, 1},      // A skipped: their 50 carried forward
		{"kv1", "24/09/2021", 200, 300, []string{phA, phB}, 0}, // both skipped
		{"kv1", "03/09/2021", 40, 100, nil, 1},                 // B had not started
		{"kv1", "27/08/2021", 0, 0, nil, 0},                    // before anything
		{"dongthap", "17/09/2021", 200, 300, []string{phA}, 1},
	} {
		unit, date := tt.unit, tt.date
		st := mustUnit(t, l, unit, day(date))
		f := st.Figures[0]
		if f.Numerator != tt.num || f.Denominator != tt.den || f.HasData != (tt.den > 0) {
			t.Errorf("%s at %s: %v/%v; want %v/%v", unit, date, f.Numerator, f.Denominator, tt.num, tt.den)
		}
		if !slices.Equal(st.Stale, tt.stale) {
			t.Errorf("%s at %s: stale %v; want %v", unit, date, st.Stale, tt.stale)
		}
		if st.Reported != tt.reported {
			t.Errorf("%s at %s: reported %d; want %d", unit, date, st.Reported, tt.reported)
		}
	}
	p, err := l.Person(phA, day("17/09/2021"))
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Figures[0]; f.Numerator != 50 || !slices.Equal(p.Stale, []string{phA}) || p.Reported != 0 {
		t.Errorf("Person(A) = %v, stale %v, reported %d; want 50 carried forward, stale, not reported", f.Numerator, p.Stale, p.Reported)
	}
}

// A moves from kv1 to kv2 in week 3: their latest submission decides the
// unit, kv1 drops their cumulative figures, the province counts them once;
// their sum-field amounts stay where they were reported.
func TestMovedReporter(t *testing.T) {
	l := newTestLedger(t)
	w1, w2, w3 := week("03/09/2021"), week("10/09/2021"), week("17/09/2021")
	l.Add(sub(phA, "kv1", w1, counts{cdk: 100, xong: 40, tiepDan: 5}))
	l.Add(sub(phA, "kv1", w2, counts{cdk: 100, xong: 50, tiepDan: 3}))
	l.Add(sub(phA, "kv2", w3, counts{cdk: 120, xong: 70, tiepDan: 2}))
	l.Add(sub(phC, "kv2", w3, counts{cdk: 30, xong: 30, tiepDan: 1}))

	for _, tt := range []struct {
		unit, date string
		num, den   float64
		ytd        float64
	}{
		{"kv1", "10/09/2021", 50, 100, 8},
		{"kv2", "10/09/2021", 0, 0, 0},
		{"kv1", "17/09/2021", 0, 0, 8},     // A left: kv1's figures go with them
		{"kv2", "17/09/2021", 100, 150, 3}, // A's latest (120/70) plus C's
		{"dongthap", "17/09/2021", 100, 150, 11},
		{"kv1", "24/09/2021", 0, 0, 8}, // still in kv2 while carried forward
		{"kv2", "24/09/2021", 100, 150, 3},
	} {
		st := mustUnit(t, l, tt.unit, day(tt.date))
		f := st.Figures[0]
		if f.Numerator != tt.num || f.Denominator != tt.den {
			t.Errorf("%s at %s: %v/%v; want %v/%v", tt.unit, tt.date, f.Numerator, f.Denominator, tt.num, tt.den)
		}
		if got := st.Sums["tiep_dan"].YearToDate; got != tt.ytd {
			t.Errorf("%s at %s: tiếp dân year to date %v; want %v", tt.unit, tt.date, got, tt.ytd)
		}
	}
	p, err := l.Person(phA, day("17/09/2021"))
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Figures[0]; f.Numerator != 70 || f.Denominator != 120 || p.Sums["tiep_dan"].YearToDate != 10 || p.Unit.ID != "kv1" {
		t.Errorf("Person(A) = %v/%v, tiếp dân %v, unit %s; want 70/120, 10, kv1 (roster)", f.Numerator, f.Denominator, p.Sums["tiep_dan"].YearToDate, p.Unit.ID)
	}
}

func TestEmptyUnit(t *testing.T) {
	l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_viec", Unit: "cuc", Year: 2021, Value: 80})
	l.Add(sub(phA, "kv1", week("17/09/2021"), viec(100, 50)))
	// A reporter whose denominator is 0 is no data either.
	l.Add(sub(phD, "kv3", week("17/09/2021"), viec(0, 0)))
	for _, unit := range []string{"angiang", "ag1", "kv2", "kv3"} {
		st := mustUnit(t, l, unit, day("17/09/2021"))
		for _, f := range st.Figures {
			if f.HasData || f.Rate != 0 || f.Gap != 0 || f.OfTarget != 0 || f.NeededNumerator != 0 || f.HasLastWeek || f.HasLastYear || !finite(f) {
				t.Errorf("%s %s = %+v; want no data, no NaN", unit, f.Indicator.ID, f)
			}
		}
		if f := st.Figures[0]; !f.HasTarget || !f.HasExpected {
			t.Errorf("%s: target %v, expected %v; want both even without data", unit, f.HasTarget, f.HasExpected)
		}
	}
	if st := mustUnit(t, l, "ag1", day("17/09/2021")); st.Reporters != 1 || st.Reported != 0 || len(st.Stale) != 0 {
		t.Errorf("ag1: reported %d of %d, stale %v; want 0 of 1", st.Reported, st.Reporters, st.Stale)
	}
	// The tiền indicator has no money figures anywhere.
	if st := mustUnit(t, l, "cuc", day("17/09/2021")); st.Figures[1].HasData || !st.Figures[0].HasData {
		t.Errorf("cuc: việc %v, tiền %v; want data only for việc", st.Figures[0].HasData, st.Figures[1].HasData)
	}
	if _, err := l.Unit("nowhere", day("17/09/2021")); fieldbot.ErrorCode(err) != fieldbot.ENOTFOUND {
		t.Errorf("Unit(nowhere) = %v; want not found", err)
	}
	if _, err := l.Person("0999999999", day("17/09/2021")); fieldbot.ErrorCode(err) != fieldbot.ENOTFOUND {
		t.Errorf("Person(stranger) = %v; want not found", err)
	}
	if st, err := l.Person(phC, day("17/09/2021")); err != nil || st.Figures[0].HasData || st.Unit.ID != "kv2" {
		t.Errorf("Person(C, never reported) = %+v, %v; want kv2 without data", st, err)
	}
}

func TestLastWeekAndLastYear(t *testing.T) {
	l := newTestLedger(t)
	l.Add(sub(phA, "kv1", week("25/09/2020"), viec(200, 150))) // 2020, last week of the year
	l.Add(sub(phA, "kv1", week("02/10/2020"), viec(100, 5)))   // 2021, its first week
	l.Add(sub(phA, "kv1", week("17/09/2021"), viec(100, 40)))
	l.Add(sub(phA, "kv1", week("24/09/2021"), viec(100, 50)))
	l.Add(sub(phA, "kv1", week("01/10/2021"), viec(10, 1))) // 2022

	for _, tt := range []struct {
		date     string
		rate     float64
		lastWeek float64 // -1: none
		lastYear float64 // -1: none
	}{
		{"24/09/2021", 50, 40, 75}, // a week ago 40%; 24/09/2020 was 75% (week 21–27/09/2020)
		{"17/09/2021", 40, 5, -1},  // a week ago the year's first figure carried forward; last year nothing before 21/09
		{"02/10/2020", 5, -1, -1},  // a week ago was last year: no change to show
		{"01/10/2021", 10, -1, 5},  // first week of 2022; same date a year ago: 01/10/2020
		{"28/09/2021", 50, 50, 75}, // 28/09 is in a week of 2022: figures of the week before
	} {
		st := mustUnit(t, l, "kv1", day(tt.date))
		f := st.Figures[0]
		if !f.HasData || !near(f.Rate, tt.rate) {
			t.Errorf("at %s: rate %v (%v); want %v", tt.date, f.Rate, f.HasData, tt.rate)
		}
		if f.HasLastWeek != (tt.lastWeek >= 0) || tt.lastWeek >= 0 && !near(f.LastWeek, tt.lastWeek) {
			t.Errorf("at %s: last week %v (%v); want %v", tt.date, f.LastWeek, f.HasLastWeek, tt.lastWeek)
		}
		if f.HasLastYear != (tt.lastYear >= 0) || tt.lastYear >= 0 && !near(f.LastYear, tt.lastYear) {
			t.Errorf("at %s: last year %v (%v); want %v", tt.date, f.LastYear, f.HasLastYear, tt.lastYear)
		}
	}
}

func TestNeededNumerator(t *testing.T) {
	for _, tt := range []struct {
		cdk, xong, dc int64
		target        float64
		want          float64
	}{
		{10000, 7500, 338, 81.50, 312}, // "cần xong thêm 312 việc"
		{10000, 8000, 150, 81.50, 0},   // exactly on target
		{10000, 8000, 189, 81.50, 0},   // above
		{333, 200, 0, 81.50, 72},       // 271.395 needed: one more whole case
		{1000, 0, 0, 83.90, 839},
		{3, 1, 0, 70, 2}, // 2.1 → 2 more
	} {
		l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_viec", Unit: "kv1", Year: 2021, Value: tt.target})
		l.Add(sub(phA, "kv1", week("17/09/2021"), counts{cdk: tt.cdk, xong: tt.xong, dc: tt.dc, tiepDan: -1}))
		f := mustUnit(t, l, "kv1", day("17/09/2021")).Figures[0]
		if f.NeededNumerator != tt.want {
			t.Errorf("%d+%d of %d against %v: needed %v; want %v", tt.xong, tt.dc, tt.cdk, tt.target, f.NeededNumerator, tt.want)
		}
		if tt.want > 0 && f.Gap >= 0 || tt.want == 0 && f.Gap < -1e-9 {
			t.Errorf("%d+%d of %d: gap %v disagrees with needed %v", tt.xong, tt.dc, tt.cdk, f.Gap, tt.want)
		}
	}
	// Money: 40,10% of 1.000 tỷ is 401 tỷ; 399,5 tỷ done.
	l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_tien", Unit: "kv1", Year: 2021, Value: 40.10})
	l.Add(sub(phA, "kv1", week("17/09/2021"), counts{tcdk: 1_000_000_000_000, txong: 399_500_000_000, tiepDan: -1}))
	if f := mustUnit(t, l, "kv1", day("17/09/2021")).Figures[1]; f.NeededNumerator != 1_500_000_000 {
		t.Errorf("tiền needed %v; want 1.500.000.000", f.NeededNumerator)
	}
}

func TestMissing(t *testing.T) {
	l := newTestLedger(t)
	l.Add(sub(phA, "kv1", week("17/09/2021"), viec(100, 50)))
	l.Add(sub(phB, "kv1", week("10/09/2021"), viec(100, 50))) // the week before
	l.Add(sub(phD, "kv1", week("17/09/2021"), viec(100, 50))) // D reported for another unit: still reported
	names := func(ps []fieldbot.Person) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	for _, tt := range []struct {
		unit, date string
		want       []string
	}{
		{"kv1", "17/09/2021", []string{"Trần Thị B"}},
		{"dongthap", "17/09/2021", []string{"Trần Thị B", "Lê Văn C"}}, // leaders never; tree order
		{"cuc", "17/09/2021", []string{"Trần Thị B", "Lê Văn C", "Võ Văn E"}},
		{"kv1", "10/09/2021", []string{"Nguyễn Văn A"}},
		{"kv3", "17/09/2021", nil},
		{"kv1", "24/09/2021", []string{"Nguyễn Văn A", "Trần Thị B"}},
		{"nowhere", "17/09/2021", nil},
	} {
		if got := names(l.Missing(tt.unit, day(tt.date))); !slices.Equal(got, tt.want) {
			t.Errorf("Missing(%s, %s) = %v; want %v", tt.unit, tt.date, got, tt.want)
		}
	}
	if st := mustUnit(t, l, "dongthap", day("17/09/2021")); st.Reporters != 4 || st.Reported != 2 {
		t.Errorf("dongthap reported %d of %d; want 2 of 4", st.Reported, st.Reporters)
	}
}

func TestRevisions(t *testing.T) {
	w := week("17/09/2021")
	for _, tt := range []struct {
		name string
		subs []counts
		want float64
	}{
		{"newer replaces older", []counts{{cdk: 100, xong: 50, rev: 1}, {cdk: 100, xong: 60, rev: 2}}, 60},
		{"older arriving late does not win", []counts{{cdk: 100, xong: 60, rev: 2}, {cdk: 100, xong: 50, rev: 1}}, 60},
		{"third after a late first", []counts{{cdk: 100, xong: 60, rev: 2}, {cdk: 100, xong: 50, rev: 1}, {cdk: 100, xong: 70, rev: 3}}, 70},
		{"same revision again, later", []counts{{cdk: 100, xong: 60, rev: 2}, {cdk: 100, xong: 65, rev: 2, submittedOffset: 1}}, 65},
	} {
		l := newTestLedger(t)
		for _, c := range tt.subs {
			c.tiepDan = int64(c.rev)
			l.Add(sub(phA, "kv1", w, c))
		}
		st := mustUnit(t, l, "kv1", day("17/09/2021"))
		if got := st.Figures[0].Numerator; got != tt.want {
			t.Errorf("%s: numerator %v; want %v", tt.name, got, tt.want)
		}
		if got := st.Sums["tiep_dan"]; got.Period != got.YearToDate || got.Period == 0 {
			t.Errorf("%s: tiếp dân %+v counted more than once", tt.name, got)
		}
	}
}

// A September value never carries into October: the statistical year
// starts again at 0.
func TestStatYearBoundary(t *testing.T) {
	l := newTestLedger(t)
	l.Add(sub(phA, "kv1", week("24/09/2020"), counts{cdk: 100, xong: 90, tiepDan: 7}))
	for _, tt := range []struct {
		date     string
		hasData  bool
		rate     float64
		stale    int
		ytd      float64
		reported int
	}{
		{"24/09/2020", true, 90, 0, 7, 1},
		{"30/09/2020", true, 90, 0, 7, 0}, // the week 28/09–04/10 is 2021's; 2020's last week still counts
		{"01/10/2020", false, 0, 0, 0, 0},
		{"05/10/2020", false, 0, 0, 0, 0},
		{"15/03/2021", false, 0, 0, 0, 0},
	} {
		st := mustUnit(t, l, "kv1", day(tt.date))
		f := st.Figures[0]
		if f.HasData != tt.hasData || !near(f.Rate, tt.rate) || len(st.Stale) != tt.stale {
			t.Errorf("at %s: rate %v (%v), stale %v; want %v (%v)", tt.date, f.Rate, f.HasData, st.Stale, tt.rate, tt.hasData)
		}
		if got := st.Sums["tiep_dan"].YearToDate; got != tt.ytd {
			t.Errorf("at %s: tiếp dân year to date %v; want %v", tt.date, got, tt.ytd)
		}
		if st.Reported != tt.reported {
			t.Errorf("at %s: reported %d; want %d", tt.date, st.Reported, tt.reported)
		}
	}
	// The straddling week, once reported, opens 2021.
	l.Add(sub(phA, "kv1", week("30/09/2020"), counts{cdk: 10, xong: 1, tiepDan: 2}))
	if f := mustUnit(t, l, "kv1", day("02/10/2020")).Figures[0]; !f.HasData || !near(f.Rate, 10) {
		t.Errorf("at 02/10/2020: rate %v; want 10 (the new year's first week)", f.Rate)
	}
	if st := mustUnit(t, l, "kv1", day("29/09/2020")); !near(st.Figures[0].Rate, 90) || st.Sums["tiep_dan"].YearToDate != 7 {
		t.Errorf("at 29/09/2020: rate %v, tiếp dân %v; want 2020's 90 and 7", st.Figures[0].Rate, st.Sums["tiep_dan"].YearToDate)
	}
}

func TestSums(t *testing.T) {
	l := newTestLedger(t)
	l.Add(sub(phA, "kv1", week("10/09/2020"), counts{tiepDan: 100})) // last year
	l.Add(sub(phA, "kv1", week("03/09/2021"), counts{tiepDan: 5}))
	l.Add(sub(phA, "kv1", week("17/09/2021"), counts{tiepDan: 3}))
	l.Add(sub(phB, "kv1", week("17/09/2021"), counts{tiepDan: 4}))
	l.Add(sub(phB, "kv1", week("10/09/2021"), counts{tiepDan: 6}))  // out of order
	l.Add(sub(phC, "kv2", week("17/09/2021"), counts{tiepDan: -1})) // skipped optional amount
	for _, tt := range []struct {
		unit, date  string
		period, ytd float64
	}{
		{"kv1", "17/09/2021", 7, 18},
		{"kv1", "10/09/2021", 6, 11},
		{"kv1", "24/09/2021", 0, 18},
		{"dongthap", "17/09/2021", 7, 18},
		{"kv2", "17/09/2021", 0, 0},
		{"kv1", "10/09/2020", 100, 100},
	} {
		st := mustUnit(t, l, tt.unit, day(tt.date))
		if got := st.Sums["tiep_dan"]; got != (SumFigure{tt.period, tt.ytd}) {
			t.Errorf("%s at %s: tiếp dân %+v; want {%v %v}", tt.unit, tt.date, got, tt.period, tt.ytd)
		}
		if len(st.Sums) != 1 {
			t.Errorf("Sums = %v; want only tiep_dan", st.Sums)
		}
	}
}

// Submissions of other forms, unknown units or bad periods are ignored.
func TestAddIgnores(t *testing.T) {
	l := newTestLedger(t)
	bad := []fieldbot.Submission{
		sub(phA, "kv1", week("17/09/2021"), viec(100, 50)),
		sub(phA, "kv9", week("17/09/2021"), viec(100, 50)),
		sub(phA, "kv1", "2021-09", viec(100, 50)),
	}
	bad[0].Form = "monthly"
	for _, s := range bad {
		l.Add(s)
	}
	if st := mustUnit(t, l, "cuc", day("17/09/2021")); st.Figures[0].HasData {
		t.Errorf("cuc has data %v after ignored submissions", st.Figures[0].Numerator)
	}
}

// Queries run while submissions arrive (go test -race).
func TestConcurrent(t *testing.T) {
	l := newTestLedger(t)
	var wg sync.WaitGroup
	for g, ph := range []string{phA, phB, phC, phD} {
		unit := []string{"kv1", "kv1", "kv2", "kv3"}[g]
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				l.Add(sub(ph, unit, week("17/09/2021"), counts{cdk: 100, xong: int64(i), rev: i + 1, tiepDan: 1}))
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := l.Children("cuc", day("17/09/2021")); err != nil {
					t.Error(err)
				}
				l.Missing("cuc", day("17/09/2021"))
				if _, err := l.Person(ph, day("17/09/2021")); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if f := mustUnit(t, l, "dongthap", day("17/09/2021")).Figures[0]; f.Numerator != 4*49 || f.Denominator != 400 {
		t.Errorf("after concurrent adds: %v/%v; want 196/400", f.Numerator, f.Denominator)
	}
	if math.IsNaN(mustUnit(t, l, "cuc", day("17/09/2021")).Figures[0].Rate) {
		t.Error("NaN rate")
	}
}
