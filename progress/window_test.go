package progress

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// history is three statistical years (2025–2027) of weekly reports: every
// revision, in the order they were committed (a late revision of an older
// week among them), and what the store keeps, the latest revision of each
// key in key order.
type history struct {
	all    []fieldbot.Submission
	stored []fieldbot.Submission
}

func newHistory(t *testing.T, seed uint64) history {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	start, _ := testCal.YearBounds(2025)
	_, end := testCal.YearBounds(2027)
	var h history
	latest := map[fieldbot.SubmissionKey]fieldbot.Submission{}
	reporters := []struct{ phone, unit string }{
		{phA, "kv1"}, {phB, "kv1"}, {phC, "kv2"}, {phD, "kv3"}, {phE, "ag1"}, {"0900000999", "kv2"}, // the last one left the roster
	}
	at := start.Add(-time.Hour)
	for p := testCal.PeriodOf(fieldbot.PeriodWeek, start); p.Start.Before(end); p = testCal.PeriodOf(fieldbot.PeriodWeek, p.End) {
		for i, r := range reporters {
			if rng.IntN(8) == 0 {
				continue // skipped a week
			}
			unit := r.unit
			if r.phone == phA && p.Start.Year() == 2026 && p.Start.Month() >= 3 {
				unit = "kv2" // A moved from March 2026 on, and reports for both in some weeks
				if rng.IntN(3) == 0 {
					at = at.Add(time.Second)
					h.add(latest, sub(r.phone, "kv1", p.Key, randomCounts(rng, 1, at.Sub(day("01/01/2021")))))
				}
			}
			for rev := 1; rev <= 1+rng.IntN(2); rev++ {
				at = at.Add(time.Duration(1+rng.IntN(5000)) * time.Second)
				h.add(latest, sub(r.phone, unit, p.Key, randomCounts(rng, rev, at.Sub(day("01/01/2021")).Truncate(time.Second)+time.Duration(i))))
			}
		}
	}
	// A late first revision of an old week arrives after its second.
	s := h.all[len(h.all)/3]
	if s.Revision == 1 {
		s2 := s
		s2.Revision, s2.Answers = 3, s.Answers.Clone()
		s2.Answers["viec_xong"] = "1"
		h.add(latest, s2)
		h.all = append(h.all, s) // the first again, late
	}
	for _, s := range latest {
		h.stored = append(h.stored, s)
	}
	slices.SortFunc(h.stored, func(a, b fieldbot.Submission) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Phone, b.Phone))
	})
	return h
}

func (h *history) add(latest map[fieldbot.SubmissionKey]fieldbot.Submission, s fieldbot.Submission) {
	h.all = append(h.all, s)
	k := fieldbot.SubmissionKey{Form: s.Form, Period: s.Period, Unit: s.Unit, Phone: s.Phone}
	if o, ok := latest[k]; !ok || s.Revision >= o.Revision {
		latest[k] = s
	}
}

// randomCounts are whole counts and đồng, large amounts among them.
func randomCounts(rng *rand.Rand, rev int, at time.Duration) counts {
	cdk := 100 + rng.Int64N(900)
	tcdk := rng.Int64N(50_000) * 1_000_000_000
	return counts{cdk: cdk, xong: rng.Int64N(cdk), dc: rng.Int64N(10), tcdk: tcdk, txong: rng.Int64N(tcdk + 1),
		tiepDan: rng.Int64N(12), rev: rev, submittedOffset: at}
}

// loader is what the store would read: the latest revisions with period
// key ≥ from, in key order. loads counts the reads.
func (h *history) loader(l **Ledger, loads *[]string) func(string, func(*Stored) error) error {
	return func(from string, add func(*Stored) error) error {
		*loads = append(*loads, from)
		for _, s := range h.stored {
			if s.Period < from {
				continue
			}
			r := Stored{Period: []byte(s.Period), Unit: []byte(s.Unit), Phone: []byte(s.Phone), Revision: s.Revision, At: s.SubmittedAt.UnixNano()}
			for _, id := range (*l).Fields() {
				v, _ := s.Answers.Float(id)
				r.Values = append(r.Values, v)
			}
			if err := add(&r); err != nil {
				return err
			}
		}
		return nil
	}
}

func windowedLedger(t *testing.T, h *history, from int, loads *[]string) *Ledger {
	t.Helper()
	tree, _ := fieldbot.NewTree(testUnits)
	roster, _ := fieldbot.NewRoster(testPeople)
	var l *Ledger
	l = NewLedger(Config{
		Tree: tree, Roster: roster, Form: testForm, Indicators: testIndicators,
		Formulas: compileFormulas(t, testForm, testIndicators), Calendar: testCal,
		From: from, Load: h.loader(&l, loads),
	})
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	return l
}

// everything is every figure a query can give at `at`, stale lists sorted
// (their order is that in which reporters were first seen).
func everything(t *testing.T, l *Ledger, at time.Time) string {
	t.Helper()
	var out []any
	for _, u := range []string{"cuc", "dongthap", "kv1", "kv2", "angiang"} {
		st, err := l.Unit(u, at)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(st.Stale)
		out = append(out, st)
	}
	kids, err := l.Children("dongthap", at)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kids {
		slices.Sort(k.Stale)
	}
	out = append(out, kids)
	for _, p := range []string{phA, phB, phE, "0900000999"} {
		st, err := l.Person(p, at)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	out = append(out, l.Missing("cuc", at))
	return fmt.Sprintf("%+v", out)
}

// A ledger holding a window of years gives, at every date, exactly the
// figures of one that holds everything: it reads an older year when a
// query needs it, and Keep forgets it again.
func TestWindowSameFigures(t *testing.T) {
	h := newHistory(t, 1)
	full := newTestLedger(t)
	for _, s := range h.all {
		full.Add(s)
	}
	var loads []string
	l := windowedLedger(t, &h, 2027, &loads)
	if l.From() != 2027 || len(loads) != 1 || loads[0] != l.FirstPeriod(2027) {
		t.Fatalf("at start: from %d, loads %v; want 2027 from %s", l.From(), loads, l.FirstPeriod(2027))
	}
	if st := mustUnit(t, l, "cuc", day("28/10/2025")); !st.Figures[0].HasData {
		t.Fatal("a query about 2026 found nothing: the year was not read")
	}
	if l.From() != 2025 || len(loads) != 2 {
		t.Errorf("after a query in October 2025 (statistical year 2026): from %d, loads %v; want 2025 read", l.From(), loads)
	}
	l.Keep(2027)
	if l.From() != 2027 {
		t.Errorf("Keep(2027): from %d", l.From())
	}
	start, _ := testCal.YearBounds(2025)
	_, end := testCal.YearBounds(2027)
	for at := start.Add(17 * time.Hour); at.Before(end.AddDate(0, 0, 14)); at = at.AddDate(0, 0, 3) {
		if got, want := everything(t, l, at), everything(t, full, at); got != want {
			t.Fatalf("at %s:\n got %s\nwant %s", at.Format(time.DateTime), got, want)
		}
		if at.Day()%5 == 0 {
			l.Keep(testCal.StatYear(at)) // as nightly; the next query reads again what it needs
		}
	}
}

// Without a store to read from, the years before From are not held: Add
// ignores them and Keep forgets them.
func TestWindowWithoutLoad(t *testing.T) {
	tree, _ := fieldbot.NewTree(testUnits)
	roster, _ := fieldbot.NewRoster(testPeople)
	l := NewLedger(Config{
		Tree: tree, Roster: roster, Form: testForm, Indicators: testIndicators,
		Formulas: compileFormulas(t, testForm, testIndicators), Calendar: testCal, From: 2022,
	})
	l.Add(sub(phA, "kv1", week("17/09/2021"), viec(100, 50))) // 2021: ignored
	l.Add(sub(phA, "kv1", week("14/10/2021"), viec(100, 60)))
	l.Add(sub(phA, "kv1", week("13/10/2022"), viec(100, 10)))
	if f := mustUnit(t, l, "kv1", day("17/09/2021")).Figures[0]; f.HasData {
		t.Errorf("2021 is not held, yet %v/%v", f.Numerator, f.Denominator)
	}
	f := mustUnit(t, l, "kv1", day("13/10/2022")).Figures[0]
	if f.Numerator != 10 || !f.HasLastYear || f.LastYear != 60 {
		t.Errorf("13/10/2022: %v, last year %v (%v); want 10 and 60", f.Numerator, f.LastYear, f.HasLastYear)
	}
	l.Keep(2023)
	if f := mustUnit(t, l, "kv1", day("13/10/2022")).Figures[0]; f.Numerator != 10 || f.HasLastYear {
		t.Errorf("after Keep(2023): %v, last year %v (%v); want 10 and none", f.Numerator, f.LastYear, f.HasLastYear)
	}
	if p := l.Missing("kv1", day("14/10/2021")); len(p) != 2 {
		t.Errorf("after Keep(2023), missing in October 2021: %v; want A and B (not held)", p)
	}
	l.Keep(2024)
	if p, err := l.Person(phA, day("13/10/2022")); err != nil || p.Figures[0].HasData {
		t.Errorf("after Keep(2024): A = %+v, %v; want no data", p.Figures[0], err)
	}
}

// A failed read leaves the window as it was, and the query says so.
func TestWindowLoadError(t *testing.T) {
	tree, _ := fieldbot.NewTree(testUnits)
	roster, _ := fieldbot.NewRoster(testPeople)
	fail := false
	l := NewLedger(Config{
		Tree: tree, Roster: roster, Form: testForm, Indicators: testIndicators,
		Formulas: compileFormulas(t, testForm, testIndicators), Calendar: testCal, From: 2022,
		Load: func(from string, add func(*Stored) error) error {
			if fail {
				return fmt.Errorf("disk on fire")
			}
			return nil
		},
	})
	l.Add(sub(phA, "kv1", week("13/10/2022"), viec(100, 10)))
	fail = true
	if _, err := l.Unit("kv1", day("13/10/2020")); err == nil {
		t.Error("a query of a year that could not be read gave no error")
	}
	if l.From() != 2022 {
		t.Errorf("from %d after a failed read; want 2022", l.From())
	}
	if f := mustUnit(t, l, "kv1", day("13/10/2022")).Figures[0]; f.Numerator != 10 {
		t.Errorf("held figures after a failed read: %v", f.Numerator)
	}
}

// Values come back bit for bit: money of tens of billions, the largest
// whole numbers a float64 holds, decimals, and what is not a whole number
// at all; running totals of sum fields are those of adding in order.
func TestSlotExact(t *testing.T) {
	lay := &layout{nf: 3, sums: []int{2}}
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), 50_000_000_000, 1 << 53, 1<<53 - 1, -(1<<53 - 1), 1 << 60, 1e300,
		0.1, 12.5, 99.99, -3, math.Inf(1), math.NaN(), 5e-324, 1_364_082_999_999, 400_000_000, -2_000_000}
	for round := range 20 {
		var s slot
		var want []rec
		d := int32(20000)
		for i := range 70 {
			d += int32(1 + rng.IntN(20))
			if i == 35 {
				d += 400 // into another year
			}
			r := rec{day: d, year: 2000 + d/365, rev: 1 + rng.IntN(9), at: int64(d)*86400 - rng.Int64N(1e6), v: make([]float64, 4)}
			for f := range 3 {
				switch rng.IntN(3) {
				case 0:
					r.v[f] = special[rng.IntN(len(special))]
				case 1:
					r.v[f] = float64(rng.Int64N(1e12)) * float64(rng.IntN(3)*1000)
				default:
					r.v[f] = rng.Float64() * 1e6
				}
			}
			r.v[3] = r.v[2]
			if len(want) > 0 && want[len(want)-1].year == r.year {
				r.v[3] += want[len(want)-1].v[3]
			}
			want = append(want, r)
			s.push(r.day, r.year, r.rev, r.at, r.v[:3], lay)
		}
		got := s.records(lay)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d records; want %d", round, len(got), len(want))
		}
		scratch := lay.newRec()
		for i, w := range want {
			for _, g := range []*rec{&got[i], s.latest(w.day, lay, &scratch)} {
				if g.day != w.day || g.year != w.year || g.rev != w.rev || g.at != w.at || !sameBits(g.v, w.v) {
					t.Fatalf("round %d record %d: got %+v; want %+v", round, i, *g, w)
				}
			}
			if !s.has(w.day, lay) || s.has(w.day-1, lay) && (i == 0 || want[i-1].day != w.day-1) {
				t.Fatalf("round %d record %d: has is wrong", round, i)
			}
		}
	}
}

func sameBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// Large amounts in đồng and decimal answers add up exactly through Add.
func TestExactAmounts(t *testing.T) {
	l := newTestLedger(t)
	w := week("17/09/2021")
	amounts := []string{"50000000000", "9007199254740991", "1364082999999", "0.1", "12.5"}
	want := 0.0
	for i, a := range amounts {
		s := sub([]string{phA, phB, phC, phD, phE}[i], []string{"kv1", "kv1", "kv2", "kv3", "ag1"}[i], w, viec(1, 1))
		s.Answers["tien_co_dieu_kien"], s.Answers["tien_xong"] = a, a
		l.Add(s)
		v, _ := strconv.ParseFloat(a, 64)
		want += v
	}
	f := mustUnit(t, l, "cuc", day("17/09/2021")).Figures[1]
	if f.Numerator != want || f.Denominator != want {
		t.Errorf("tiền: %v/%v; want %v", f.Numerator, f.Denominator, want)
	}
	st := mustUnit(t, l, "kv1", day("17/09/2021"))
	if f := st.Figures[1]; f.Numerator != 50000000000+9007199254740991 {
		t.Errorf("kv1 tiền %v; want %v", f.Numerator, 50000000000+9007199254740991)
	}
}

// A mover's two reports for one week, a few seconds apart, count where the
// later one is, whichever arrives first.
func TestMoverLaterSecondWins(t *testing.T) {
	w := week("17/09/2021")
	for _, order := range [][2]string{{"kv1", "kv2"}, {"kv2", "kv1"}} {
		l := newTestLedger(t)
		for _, u := range order {
			c := viec(100, 10)
			if u == "kv1" {
				c = counts{cdk: 100, xong: 70, tiepDan: -1, submittedOffset: 3 * time.Second}
			}
			l.Add(sub(phA, u, w, c))
		}
		if got := mustUnit(t, l, "kv1", day("17/09/2021")).Figures[0].Numerator; got != 70 {
			t.Errorf("order %v: kv1 %v; want 70 (the later report)", order, got)
		}
		if got := mustUnit(t, l, "kv2", day("17/09/2021")).Figures[0].Numerator; got != 0 {
			t.Errorf("order %v: kv2 %v; want 0", order, got)
		}
	}
}

// Reading the store does not allocate per row for looking up its period,
// unit and reporter.
func TestAddRowAllocs(t *testing.T) {
	l := newTestLedger(t)
	vals := make([]float64, len(l.Fields()))
	var periods [][]byte
	for d := day("05/10/2020"); len(periods) < 101; d = d.AddDate(0, 0, 7) {
		periods = append(periods, []byte(testCal.PeriodOf(fieldbot.PeriodWeek, d).Key))
		l.AddRow(periods[len(periods)-1], []byte("kv2"), []byte(phC), 1, 0, vals) // the periods are known
	}
	unit, phone := []byte("kv1"), []byte(phA)
	i := 0
	if n := testing.AllocsPerRun(100, func() { l.AddRow(periods[i], unit, phone, 1, 0, vals); i++ }); n > 0 {
		t.Errorf("AddRow of a known period, unit and reporter: %v allocations", n)
	}
	if !reflect.DeepEqual(l.Fields(), []string{"viec_co_dieu_kien", "viec_xong", "viec_dinh_chi", "tien_co_dieu_kien", "tien_xong", "tiep_dan"}) {
		t.Errorf("Fields = %v", l.Fields())
	}
}

// In October the year before last is still held: the digest of the last
// week of September compares with the same date two statistical years
// before the new one.
func TestKeepFrom(t *testing.T) {
	for _, tt := range []struct {
		now  string
		want int
	}{
		{"02/10/2027", 2026}, // statistical year 2028 has begun; 2027's last week is still digested
		{"30/10/2027", 2026},
		{"01/11/2027", 2027},
		{"30/09/2027", 2026}, // last year, for "cùng kỳ"
		{"15/03/2027", 2026},
	} {
		if got := KeepFrom(testCal, day(tt.now)); got != tt.want {
			t.Errorf("KeepFrom(%s) = %d; want %d", tt.now, got, tt.want)
		}
	}
}

// Submissions added after a load (appended in the room left after each
// packed stream, then past it) and after a nightly compaction leave every
// other stream as it was.
func TestAddAfterLoad(t *testing.T) {
	h := newHistory(t, 2)
	full := newTestLedger(t)
	for _, s := range h.all {
		full.Add(s)
	}
	cut := week("01/04/2026")
	later := h.all[:0:0]
	stored := h.stored[:0:0]
	for _, s := range h.stored {
		if s.Period < cut {
			stored = append(stored, s)
		}
	}
	for _, s := range h.all {
		if s.Period >= cut {
			later = append(later, s)
		}
	}
	h.stored = stored
	var loads []string
	l := windowedLedger(t, &h, 2025, &loads)
	for i, s := range later {
		l.Add(s)
		if i == len(later)/2 {
			l.Keep(0) // the nightly compaction
		}
	}
	start, _ := testCal.YearBounds(2026)
	_, end := testCal.YearBounds(2027)
	for at := start.Add(17 * time.Hour); at.Before(end); at = at.AddDate(0, 0, 4) {
		if got, want := everything(t, l, at), everything(t, full, at); got != want {
			t.Fatalf("at %s:\n got %s\nwant %s", at.Format(time.DateTime), got, want)
		}
	}
}
