package progress

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/fieldbot/fieldbot"
)

// Figure is one indicator of a unit or a person at a date. Rates and
// targets are percentages; gaps are percentage points.
type Figure struct {
	Indicator              fieldbot.Indicator
	Numerator, Denominator float64
	Rate                   float64 // Numerator ÷ Denominator × 100; valid only if HasData
	HasData                bool    // Denominator > 0

	Target     float64
	HasTarget  bool
	TargetUnit string  // where the target came from: the unit itself, an ancestor, or "person:<phone>"
	Gap        float64 // Rate − Target, percentage points (HasData and HasTarget)
	OfTarget   float64 // Rate ÷ Target × 100 (HasData and HasTarget, Target > 0)

	// Expected is where the rate should be by the end of the day of `at`:
	// linear from 0 at the start of the statistical year through the
	// target's milestones to its value at the year's end.
	Expected    float64
	HasExpected bool
	// Pace is Rate − Expected, percentage points (HasData and
	// HasExpected): ahead of (+) or behind (−) the pace that leads to the
	// target. Gap is the other distance, to the year-end target.
	Pace float64
	// Behind is the one verdict behind every ⚠️ and orange bar: the rate
	// is below the expected-by-now value or, where there is none, below
	// the target; never without data. It is judged at the two decimals
	// people read, so a unit shown level with its pace is not flagged.
	Behind bool

	LastWeek    float64 // the rate 7 days before `at`, within the same statistical year
	HasLastWeek bool
	LastYear    float64 // the rate at the same date one statistical year earlier ("cùng kỳ")
	HasLastYear bool

	// NeededNumerator is how much more numerator reaches the target with
	// the current denominator, rounded up to a whole count or đồng; 0 when
	// the target is reached ("cần xong thêm 312 việc").
	NeededNumerator float64
}

// SumFigure is a `sum` field's total for the period of `at` and for the
// statistical year up to and including that period.
type SumFigure struct{ Period, YearToDate float64 }

// UnitStatus is where a unit (or one reporter) stands at a date.
type UnitStatus struct {
	Unit    fieldbot.Unit
	Figures []Figure // one per indicator, in config order
	// Reporters is the number of roster officers whose unit is in the
	// subtree; Reported how many of them have a submission for the period
	// containing `at`.
	Reporters int
	Reported  int
	// Stale lists the phones whose `last` figures are carried forward from
	// an earlier period of the year (they skipped the period of `at`).
	Stale []string
	Sums  map[string]SumFigure // by field id, for `sum` fields
}

// Unit returns the figures of a unit's whole subtree at `at`.
func (l *Ledger) Unit(unit string, at time.Time) (UnitStatus, error) {
	if err := l.rlock(at); err != nil {
		return UnitStatus{}, err
	}
	defer l.mu.RUnlock()
	u, err := l.unitIndex(unit)
	if err != nil {
		return UnitStatus{}, err
	}
	return l.unitStatus(u, at, l.when(at), nil), nil
}

// Children returns the figures of each direct sub-unit of unit, in
// configuration order.
func (l *Ledger) Children(unit string, at time.Time) ([]UnitStatus, error) {
	if err := l.rlock(at); err != nil {
		return nil, err
	}
	defer l.mu.RUnlock()
	u, err := l.unitIndex(unit)
	if err != nil {
		return nil, err
	}
	w := l.when(at)
	vals := make(map[string]float64, len(l.fields))
	out := make([]UnitStatus, len(l.kids[u]))
	for i, c := range l.kids[u] {
		out[i] = l.unitStatus(c, at, w, vals)
	}
	return out, nil
}

// Row is one line of a unit's breakdown: a direct sub-unit, or one of the
// unit's officers with their own figures.
type Row struct {
	Name   string
	Person *fieldbot.Person // the officer; nil for a sub-unit
	Status UnitStatus
}

// Breakdown returns the direct sub-units of unit in configuration order
// or, for a unit without sub-units, its roster officers in roster order
// with their own figures (byOfficer). Status, ranking and digests all
// break a unit down this way.
func (l *Ledger) Breakdown(unit string, at time.Time) (rows []Row, byOfficer bool, err error) {
	children, err := l.Children(unit, at)
	if err != nil {
		return nil, false, err
	}
	if len(children) > 0 {
		rows = make([]Row, len(children))
		for i, c := range children {
			rows[i] = Row{Name: c.Unit.Name, Status: c}
		}
		return rows, false, nil
	}
	rows, err = l.Officers(unit, at)
	return rows, true, err
}

// Officers returns the roster officers of unit itself (not of its
// sub-units), in roster order, each with their own figures.
func (l *Ledger) Officers(unit string, at time.Time) ([]Row, error) {
	l.mu.RLock()
	u, err := l.unitIndex(unit)
	var people []fieldbot.Person
	if err == nil {
		for _, i := range l.officers[u] {
			people = append(people, l.people[i])
		}
	}
	l.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(people))
	for i := range people {
		st, err := l.Person(people[i].Phone, at)
		if err != nil {
			return nil, err
		}
		rows = append(rows, Row{Name: people[i].Name, Person: &people[i], Status: st})
	}
	return rows, nil
}

// Rank returns rows ordered by indicator i's rate, highest first, those
// without data last; rows of equal rate keep their order. rows is not
// changed.
func Rank(rows []Row, i int) []Row {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b Row) int {
		fa, fb := a.Status.Figures[i], b.Status.Figures[i]
		if fa.HasData != fb.HasData {
			if fa.HasData {
				return -1
			}
			return 1
		}
		if !fa.HasData {
			return 0
		}
		return cmp.Compare(fb.Rate, fa.Rate)
	})
	return out
}

// Person returns one reporter's own figures: their latest cumulative
// values wherever they reported, and their `sum` submissions for every
// unit. Targets are the person's own ("person:<phone>") if configured,
// else those of their roster unit (or, for someone no longer in the
// roster, of the unit of their latest submission).
func (l *Ledger) Person(phone string, at time.Time) (UnitStatus, error) {
	phone = normPhone(phone)
	if err := l.rlock(at); err != nil {
		return UnitStatus{}, err
	}
	defer l.mu.RUnlock()
	w := l.when(at)
	r := l.reporters[phone]
	u := int32(-1)
	if i, ok := l.rosterIdx[phone]; ok {
		if x, ok := l.pre[l.people[i].Unit]; ok {
			u = x
		}
	}
	if u < 0 && r != nil {
		if s, _ := r.winner(w, &l.lay, &l.newAcc().win); s != nil {
			u = s.unit
		} else if len(r.slots) > 0 {
			u = r.slots[len(r.slots)-1].unit
		}
	}
	if u < 0 {
		return UnitStatus{}, fieldbot.Errorf(fieldbot.ENOTFOUND, "nobody with phone %s", phone)
	}
	st := UnitStatus{Unit: l.units[u], Reporters: 1}
	var stale []string
	agg := func(w when, a *acc, stale *[]string) {
		if r != nil {
			l.aggReporter(r, w, a, stale)
		}
	}
	tgt := func(i int, y int32) (*target, string) {
		if t := l.personTgts[personTargetKey{i, phone, y}]; t != nil {
			return t, t.Unit
		}
		if t := l.unitTarget(u, i, y); t != nil {
			return t, t.Unit
		}
		return nil, ""
	}
	st.Figures, st.Sums = l.figures(at, w, agg, tgt, &stale, nil)
	st.Stale = stale
	if r != nil && r.reported(w.curDay, &l.lay) {
		st.Reported = 1
	}
	return st, nil
}

// Missing returns the officers of unit's subtree who have no submission for
// the period containing `at`, grouped by unit in tree order, each unit's in
// roster order. When the year of `at` cannot be read, nobody is listed
// rather than everybody.
func (l *Ledger) Missing(unit string, at time.Time) []fieldbot.Person {
	if err := l.rlock(at); err != nil {
		return nil
	}
	defer l.mu.RUnlock()
	u, err := l.unitIndex(unit)
	if err != nil {
		return nil
	}
	w := l.when(at)
	var out []fieldbot.Person
	for v := u; v < u+l.size[u]; v++ {
		for _, i := range l.officers[v] {
			if r := l.rosterRep[i]; r == nil || !r.reported(w.curDay, &l.lay) {
				out = append(out, l.people[i])
			}
		}
	}
	return out
}

// unitStatus computes the status of unit u's subtree. vals is scratch
// space for the formulas, allocated when nil.
func (l *Ledger) unitStatus(u int32, at time.Time, w when, vals map[string]float64) UnitStatus {
	lo, hi := u, u+l.size[u]
	st := UnitStatus{Unit: l.units[u]}
	var stale []string
	agg := func(w when, a *acc, stale *[]string) { l.aggUnits(lo, hi, w, a, stale) }
	tgt := func(i int, y int32) (*target, string) {
		if t := l.unitTarget(u, i, y); t != nil {
			return t, t.Unit
		}
		return nil, ""
	}
	st.Figures, st.Sums = l.figures(at, w, agg, tgt, &stale, vals)
	st.Stale = stale
	for v := lo; v < hi; v++ {
		for _, i := range l.officers[v] {
			st.Reporters++
			if r := l.rosterRep[i]; r != nil && r.reported(w.curDay, &l.lay) {
				st.Reported++
			}
		}
	}
	return st
}

// figures evaluates every indicator on what agg adds up at `at`, 7 days
// before and one year before.
func (l *Ledger) figures(at time.Time, w when,
	agg func(when, *acc, *[]string),
	tgt func(int, int32) (*target, string),
	stale *[]string, vals map[string]float64,
) ([]Figure, map[string]SumFigure) {
	if vals == nil {
		vals = make(map[string]float64, len(l.fields))
	}
	a := l.newAcc()
	agg(w, a, stale)

	var sums map[string]SumFigure
	if len(l.sums) > 0 {
		sums = make(map[string]SumFigure, len(l.sums))
		for _, f := range l.sums {
			sums[l.fields[f]] = SumFigure{Period: a.p[f], YearToDate: a.v[f]}
		}
	}

	figs := make([]Figure, len(l.inds))
	l.fill(vals, a)
	for i, in := range l.inds {
		f := &figs[i]
		f.Indicator = in
		num, den, ok := l.ratio(i, vals)
		f.Numerator, f.Denominator = num, den
		if ok {
			f.Rate, f.HasData = rate(num, den), true
		}
		t, from := tgt(i, w.year)
		if t == nil {
			continue
		}
		f.Target, f.HasTarget, f.TargetUnit = t.Value, true, from
		f.Expected, f.HasExpected = t.expected(l.cal, int(w.year), at), true
		if !f.HasData {
			continue
		}
		f.Gap = f.Rate - f.Target
		if f.Target > 0 {
			f.OfTarget = f.Rate / f.Target * 100
		}
		f.NeededNumerator = needed(num, den, f.Target)
		f.judge()
	}

	// The same figures a week ago, within the same statistical year.
	if lw := l.when(at.AddDate(0, 0, -7)); lw.year == w.year {
		a.reset()
		agg(lw, a, nil)
		l.fill(vals, a)
		for i := range figs {
			if num, den, ok := l.ratio(i, vals); ok {
				figs[i].LastWeek, figs[i].HasLastWeek = rate(num, den), true
			}
		}
	}
	// The same date of the previous statistical year.
	a.reset()
	agg(l.when(at.AddDate(-1, 0, 0)), a, nil)
	l.fill(vals, a)
	for i := range figs {
		if num, den, ok := l.ratio(i, vals); ok {
			figs[i].LastYear, figs[i].HasLastYear = rate(num, den), true
		}
	}
	return figs, sums
}

// judge sets Pace and Behind from the rate, the expectation and the
// target.
func (f *Figure) judge() {
	f.Pace, f.Behind = 0, false
	if !f.HasData {
		return
	}
	switch {
	case f.HasExpected:
		f.Pace = f.Rate - f.Expected
		f.Behind = math.Round(f.Pace*100) < 0
	case f.HasTarget:
		f.Behind = math.Round((f.Rate-f.Target)*100) < 0
	}
}

func (l *Ledger) fill(vals map[string]float64, a *acc) {
	for f, id := range l.fields {
		vals[id] = a.v[f]
	}
}

// ratio evaluates indicator i's formulas; ok is false when there is
// nothing to divide by (or a formula cannot be evaluated).
func (l *Ledger) ratio(i int, vals map[string]float64) (num, den float64, ok bool) {
	f := l.formulas[i]
	if f[0] == nil || f[1] == nil {
		return 0, 0, false
	}
	n, err := f[0].Eval(vals)
	if err != nil {
		return 0, 0, false
	}
	d, err := f[1].Eval(vals)
	if err != nil {
		return n.Number, 0, false
	}
	return n.Number, d.Number, d.Number > 0
}

// rate divides once, so that whole counts give the correctly rounded
// percentage (8189 of 10000 is 81.89, not 81.89000000000001).
func rate(num, den float64) float64 { return num * 100 / den }

// needed is how much more numerator reaches target percent of den,
// rounded up to a whole unit. It is computed exactly, on the decimal
// values people typed (the target as configured, counts and đồng as
// reported): in floating point, 52% of 3.000 tỷ minus what was collected
// is off by a fraction of a đồng, and any tolerance wide enough to absorb
// that on large amounts takes a whole đồng off the answer
// ("1.364.082.999.999 đồng").
func needed(num, den, target float64) float64 {
	if v, ok := neededWhole(num, den, target); ok {
		return v
	}
	t, ok1 := decimal(target)
	n, ok2 := decimal(num)
	d, ok3 := decimal(den)
	if !ok1 || !ok2 || !ok3 {
		return 0
	}
	gap := new(big.Rat).Mul(t, d)
	gap.Quo(gap, big.NewRat(100, 1))
	gap.Sub(gap, n)
	if gap.Sign() <= 0 {
		return 0
	}
	q, r := new(big.Int).QuoRem(gap.Num(), gap.Denom(), new(big.Int))
	if r.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	f, _ := new(big.Float).SetInt(q).Float64()
	return f
}

// maxExact is the largest float64 below which every whole number is exact.
const maxExact = 1 << 53

// neededWhole is needed for the usual case, without allocating: whole
// counts or đồng and a target of at most two decimals, in 128-bit
// integers. ok is false for anything else.
func neededWhole(num, den, target float64) (float64, bool) {
	t := math.Round(target * 100) // the target in hundredths of a percent
	if t < 0 || t > 1e6 || t/100 != target ||
		num < 0 || den < 0 || num >= maxExact || den >= maxExact || num != math.Trunc(num) || den != math.Trunc(den) {
		return 0, false
	}
	// 10000 × gap = t × den − 10000 × num
	wantHi, wantLo := bits.Mul64(uint64(t), uint64(den))
	haveHi, haveLo := bits.Mul64(10000, uint64(num))
	lo, borrow := bits.Sub64(wantLo, haveLo, 0)
	hi, borrow := bits.Sub64(wantHi, haveHi, borrow)
	if borrow != 0 || hi == 0 && lo == 0 {
		return 0, true
	}
	q, r := bits.Div64(hi, lo, 10000)
	if r != 0 {
		q++
	}
	return float64(q), true
}

// decimal is the exact value of f's shortest decimal form: 51.9 as 519/10,
// not the binary fraction nearest to it.
func decimal(f float64) (*big.Rat, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	return new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
}
