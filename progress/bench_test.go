package progress

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// National scale: the ministry, 34 provinces, 355 regional offices
// (390 units), 10,000 officers, 52 weekly submissions each (520,000), of
// statistical year 2027; one officer in twenty skipped the last week.
const (
	benchProvinces = 34
	benchOffices   = 355
	benchOfficers  = 10_000
	benchWeeks     = 52
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

func benchLedger(b *testing.B) *benchData {
	benchOnce.Do(func() {
		units := []fieldbot.Unit{{ID: "cuc", Name: "Cục Quản lý THADS"}}
		var offices []string
		for p := 0; p < benchProvinces; p++ {
			units = append(units, fieldbot.Unit{ID: fmt.Sprintf("p%02d", p), Name: fmt.Sprintf("Tỉnh %d", p), Parent: "cuc"})
		}
		for o := 0; o < benchOffices; o++ {
			id := fmt.Sprintf("p%02d_kv%d", o%benchProvinces, o/benchProvinces+1)
			units = append(units, fieldbot.Unit{ID: id, Name: "Phòng " + id, Parent: fmt.Sprintf("p%02d", o%benchProvinces)})
			offices = append(offices, id)
		}
		tree, err := fieldbot.NewTree(units)
		if err != nil {
			b.Fatal(err)
		}
		var people []fieldbot.Person
		for i := 0; i < benchOfficers; i++ {
			people = append(people, fieldbot.Person{Phone: fmt.Sprintf("09%08d", i), Name: fmt.Sprint("Cán bộ ", i), Unit: offices[i%benchOffices], Role: fieldbot.RoleOfficer})
		}
		roster, err := fieldbot.NewRoster(people)
		if err != nil {
			b.Fatal(err)
		}
		targets := []fieldbot.Target{
			{Indicator: "ty_le_viec", Unit: "cuc", Year: 2027, Value: 83.9, Milestones: map[string]float64{"03-31": 49, "07-31": 66}},
			{Indicator: "ty_le_tien", Unit: "cuc", Year: 2027, Value: 51.9},
		}
		for p := 0; p < benchProvinces; p += 2 {
			targets = append(targets, fieldbot.Target{Indicator: "ty_le_viec", Unit: fmt.Sprintf("p%02d", p), Year: 2027, Value: 82})
		}
		l := NewLedger(Config{
			Tree: tree, Roster: roster, Form: testForm, Indicators: testIndicators,
			Formulas: compileFormulas(b, testForm, testIndicators), Targets: targets, Calendar: testCal,
		})
		start, _ := testCal.YearBounds(2027)
		var weeks []fieldbot.Period
		for p := testCal.PeriodOf(fieldbot.PeriodWeek, start); len(weeks) < benchWeeks; p = testCal.PeriodOf(fieldbot.PeriodWeek, p.End) {
			weeks = append(weeks, p)
		}
		rng := rand.New(rand.NewPCG(2027, 1))
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		for _, p := range people {
			cdk := 150 + rng.Int64N(250)
			money := (40 + rng.Int64N(160)) * 1_000_000_000
			skip := rng.IntN(20) == 0
			for w, wk := range weeks {
				if skip && w == len(weeks)-1 {
					continue
				}
				frac := float64(w+1) / benchWeeks
				l.Add(fieldbot.Submission{
					Form: "weekly", Period: wk.Key, Unit: p.Unit, Phone: p.Phone, Revision: 1,
					SubmittedAt: wk.End.Add(-55 * time.Hour), SubmittedBy: p.Phone,
					Answers: fieldbot.Answers{
						"viec_co_dieu_kien": strconv.FormatInt(cdk+int64(w), 10),
						"viec_xong":         strconv.FormatInt(int64(float64(cdk)*0.8*frac), 10),
						"viec_dinh_chi":     strconv.FormatInt(int64(float64(cdk)*0.03*frac), 10),
						"tien_co_dieu_kien": strconv.FormatInt(money, 10),
						"tien_xong":         strconv.FormatInt(int64(float64(money)*0.5*frac), 10),
						"tiep_dan":          strconv.FormatInt(rng.Int64N(10), 10),
					},
				})
			}
		}
		bench.loadDur = time.Since(t0)
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(l)
		bench.heapMB = float64(after.HeapInuse-before.HeapInuse) / (1 << 20)
		bench.perSub = float64(after.HeapInuse-before.HeapInuse) / (benchOfficers*benchWeeks - benchOfficers/20)
		bench.l = l
		bench.at = weeks[len(weeks)-1].Start.Add(4*24*time.Hour + 17*time.Hour) // Friday 17:00 of the last week
		bench.office = offices[0]
		bench.provin = "p00"
		for _, p := range people {
			if p.Unit == bench.office {
				bench.phones = append(bench.phones, p.Phone)
			}
		}
	})
	b.Logf("loaded %d submissions in %v (%.0f ns/Add), ledger HeapInuse ≈ %.1f MiB, %.1f B/submission",
		benchOfficers*benchWeeks, bench.loadDur, float64(bench.loadDur.Nanoseconds())/(benchOfficers*benchWeeks), bench.heapMB, bench.perSub)
	return &bench
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
