package progress

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// National scale: the ministry, 34 provinces, 355 regional offices
// (390 units), 10,000 officers, 52 weekly submissions each (520,000) in
// each of statistical years 2026 and 2027; one officer in twenty skipped
// the last week of a year.
const (
	benchProvinces = 34
	benchOffices   = 355
	benchOfficers  = 10_000
	benchWeeks     = 52
	benchYears     = 2 // this statistical year and last year's "cùng kỳ"
)

type benchData struct {
	l       *Ledger
	at      time.Time
	office  string
	provin  string
	phones  []string // officers of office
	loadDur time.Duration
	heapMB  float64
	perSub  float64 // HeapInuse after GC per held submission, bytes
}

var (
	benchOnce sync.Once
	bench     benchData
)

// national is the national tree and roster, and a ledger for them.
type national struct {
	tree    *fieldbot.Tree
	people  []fieldbot.Person
	offices []string
	targets []fieldbot.Target
	roster  *fieldbot.Roster
}

func newNational(b *testing.B) *national {
	units := []fieldbot.Unit{{ID: "cuc", Name: "Cục Quản lý THADS"}}
	n := &national{}
	for p := 0; p < benchProvinces; p++ {
		units = append(units, fieldbot.Unit{ID: fmt.Sprintf("p%02d", p), Name: fmt.Sprintf("Tỉnh %d", p), Parent: "cuc"})
	}
	for o := 0; o < benchOffices; o++ {
		id := fmt.Sprintf("p%02d_kv%d", o%benchProvinces, o/benchProvinces+1)
		units = append(units, fieldbot.Unit{ID: id, Name: "Phòng " + id, Parent: fmt.Sprintf("p%02d", o%benchProvinces)})
		n.offices = append(n.offices, id)
	}
	var err error
	if n.tree, err = fieldbot.NewTree(units); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchOfficers; i++ {
		n.people = append(n.people, fieldbot.Person{Phone: fmt.Sprintf("09%08d", i), Name: fmt.Sprint("Cán bộ ", i), Unit: n.offices[i%benchOffices], Role: fieldbot.RoleOfficer})
	}
	if n.roster, err = fieldbot.NewRoster(n.people); err != nil {
		b.Fatal(err)
	}
	n.targets = []fieldbot.Target{
		{Indicator: "ty_le_viec", Unit: "cuc", Year: 2027, Value: 83.9, Milestones: map[string]float64{"03-31": 49, "07-31": 66}},
		{Indicator: "ty_le_tien", Unit: "cuc", Year: 2027, Value: 51.9},
	}
	for p := 0; p < benchProvinces; p += 2 {
		n.targets = append(n.targets, fieldbot.Target{Indicator: "ty_le_viec", Unit: fmt.Sprintf("p%02d", p), Year: 2027, Value: 82})
	}
	return n
}

// ledger returns a ledger that reads the statistical years 2027−years+1 to
// 2027 through Config.Load, as the bot does at start, and how many rows
// were read.
func (n *national) ledger(b *testing.B, years int) (*Ledger, int) {
	rows := 0
	load := func(from string, add func(*Stored) error) error {
		for y := 2027 - years + 1; y <= 2027; y++ {
			start, _ := testCal.YearBounds(y)
			var weeks []fieldbot.Period
			for p := testCal.PeriodOf(fieldbot.PeriodWeek, start); len(weeks) < benchWeeks; p = testCal.PeriodOf(fieldbot.PeriodWeek, p.End) {
				weeks = append(weeks, p)
			}
			rng := rand.New(rand.NewPCG(uint64(y), 1))
			r := Stored{Revision: 1, Values: make([]float64, 6)}
			for _, p := range n.people {
				cdk := 150 + rng.Int64N(250)
				money := (40 + rng.Int64N(160)) * 1_000_000_000
				skip := rng.IntN(20) == 0
				r.Unit, r.Phone = []byte(p.Unit), []byte(p.Phone)
				for w, wk := range weeks {
					if skip && w == len(weeks)-1 {
						continue
					}
					frac := float64(w+1) / benchWeeks
					r.Period, r.At = []byte(wk.Key), wk.End.Add(-55*time.Hour).UnixNano()
					r.Values[0] = float64(cdk + int64(w))
					r.Values[1] = float64(int64(float64(cdk) * 0.8 * frac))
					r.Values[2] = float64(int64(float64(cdk) * 0.03 * frac))
					r.Values[3] = float64(money)
					r.Values[4] = float64(int64(float64(money) * 0.5 * frac))
					r.Values[5] = float64(rng.Int64N(10))
					rows++
					if err := add(&r); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	l := NewLedger(Config{
		Tree: n.tree, Roster: n.roster, Form: testForm, Indicators: testIndicators,
		Formulas: compileFormulas(b, testForm, testIndicators), Targets: n.targets, Calendar: testCal,
		Load: load,
	})
	if err := l.Load(); err != nil {
		b.Fatal(err)
	}
	return l, rows
}

// heapInuse is HeapInuse after a collection.
func heapInuse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func benchLedger(b *testing.B) *benchData {
	benchOnce.Do(func() {
		n := newNational(b)
		before := heapInuse()
		t0 := time.Now()
		l, rows := n.ledger(b, benchYears)
		bench.loadDur = time.Since(t0)
		after := heapInuse()
		runtime.KeepAlive(l)
		bench.heapMB = float64(after-before) / (1 << 20)
		bench.perSub = float64(after-before) / float64(rows)
		bench.l = l
		start, _ := testCal.YearBounds(2027)
		last := testCal.PeriodOf(fieldbot.PeriodWeek, start.AddDate(0, 0, 7*(benchWeeks-1)))
		bench.at = last.Start.Add(4*24*time.Hour + 17*time.Hour) // Friday 17:00 of the last week
		bench.office = n.offices[0]
		bench.provin = "p00"
		for _, p := range n.people {
			if p.Unit == bench.office {
				bench.phones = append(bench.phones, p.Phone)
			}
		}
	})
	b.Logf("loaded %d years in %v, ledger HeapInuse ≈ %.1f MiB, %.1f B/submission",
		benchYears, bench.loadDur, bench.heapMB, bench.perSub)
	return &bench
}

// BenchmarkLedgerMemory is the resident size of the ledger holding one and
// two national years (this year and last year's "cùng kỳ"): HeapInuse
// after a collection, per held submission.
func BenchmarkLedgerMemory(b *testing.B) {
	n := newNational(b)
	for _, years := range []int{0, 1, 2} {
		b.Run(fmt.Sprint(years, "y"), func(b *testing.B) {
			for b.Loop() {
				before := heapInuse()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				l, rows := n.ledger(b, years)
				after := heapInuse()
				runtime.ReadMemStats(&m1)
				b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/float64(max(rows, 1)), "alloc-B/submission")
				b.ReportMetric(float64(after-before)/float64(max(rows, 1)), "B/submission")
				b.ReportMetric(float64(after-before)/(1<<20), "MiB")
				// What queries remember (slot.seen) comes on top.
				start, _ := testCal.YearBounds(2027)
				if _, err := l.Children("cuc", start.AddDate(0, 11, 20)); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(heapInuse()-before)/float64(max(rows, 1)), "B/submission-queried")
				runtime.KeepAlive(l)
			}
		})
	}
}

// BenchmarkWholeTree is /status of an admin: the root and each province.
func BenchmarkWholeTree(b *testing.B) {
	d := benchLedger(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		root, err := d.l.Unit("cuc", d.at)
		if err != nil {
			b.Fatal(err)
		}
		kids, err := d.l.Children("cuc", d.at)
		if err != nil || len(kids) != benchProvinces || root.Reporters != benchOfficers || !root.Figures[0].HasData {
			b.Fatalf("Children = %d, %v; reporters %d", len(kids), err, root.Reporters)
		}
	}
}

// BenchmarkOneUnit is /status of one unit: a province with its offices,
// and a regional office with each of its officers (the leaf breakdown).
func BenchmarkOneUnit(b *testing.B) {
	d := benchLedger(b)
	b.Run("province", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.l.Unit(d.provin, d.at); err != nil {
				b.Fatal(err)
			}
			if _, err := d.l.Children(d.provin, d.at); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("office", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.l.Unit(d.office, d.at); err != nil {
				b.Fatal(err)
			}
			for _, ph := range d.phones {
				if _, err := d.l.Person(ph, d.at); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("missing_root", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.l.Missing("cuc", d.at)
		}
	})
}

// BenchmarkWholeTreeCold is BenchmarkWholeTree with nothing remembered of
// earlier queries: the first /tiendo after a start or of a new week.
func BenchmarkWholeTreeCold(b *testing.B) {
	d := benchLedger(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		for _, slots := range d.l.unitSlots {
			for _, s := range slots {
				s.seen.Store(nil)
			}
		}
		b.StartTimer()
		if _, err := d.l.Unit("cuc", d.at); err != nil {
			b.Fatal(err)
		}
		if _, err := d.l.Children("cuc", d.at); err != nil {
			b.Fatal(err)
		}
	}
}
