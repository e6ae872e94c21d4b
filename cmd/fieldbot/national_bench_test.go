package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// BenchmarkNationalStatus measures /tiendo at national scale through the
// real stack: 355 regional offices under 34 provinces, 10,000 officers with
// 52 weekly reports each for five statistical years in a real bbolt file,
// the two a query needs loaded into the progress ledger at start-up. It reports the file size and the load time; each op
// is one whole-tree /tiendo of the ministry's admin (sub-benchmark "tree")
// or one office leader's /tiendo ("unit").
//
//	go test -run '^$' -bench NationalStatus -benchtime 20x ./cmd/fieldbot
func BenchmarkNationalStatus(b *testing.B) {
	const nationalYears = 5 // statistical years 2023 to 2027 in the file; the ledger holds 2026 and 2027
	cfg, err := config.Load("../../config.example.toml", func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	units := []fieldbot.Unit{{ID: "cuc", Name: "Cục Quản lý thi hành án dân sự"}}
	for p := range 34 {
		units = append(units, fieldbot.Unit{ID: fmt.Sprintf("p%d", p), Name: fmt.Sprintf("Thi hành án dân sự tỉnh %d", p), Parent: "cuc"})
	}
	var offices []string
	for o := range 355 {
		id := fmt.Sprintf("p%d_kv%d", o%34, o)
		offices = append(offices, id)
		units = append(units, fieldbot.Unit{ID: id, Name: fmt.Sprintf("Phòng Thi hành án dân sự khu vực %d", o), Parent: fmt.Sprintf("p%d", o%34)})
	}
	tree, err := fieldbot.NewTree(units)
	if err != nil {
		b.Fatal(err)
	}
	people := []fieldbot.Person{{Phone: "0900000000", Name: "Quản trị", Unit: "cuc", Role: fieldbot.RoleAdmin}}
	for i := range 10000 {
		people = append(people, fieldbot.Person{Phone: fmt.Sprintf("09%08d", i+1), Name: fmt.Sprintf("Cán bộ %d", i), Unit: offices[i%len(offices)], Role: fieldbot.RoleOfficer})
	}
	leader := fieldbot.Person{Phone: "0899999999", Name: "Trưởng phòng", Unit: offices[0], Role: fieldbot.RoleLeader}
	people = append(people, leader)
	roster, err := fieldbot.NewRoster(people)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Tree, cfg.Roster = tree, roster
	var targets []fieldbot.Target
	for _, t := range cfg.Targets {
		if t.Unit == "dongthap" {
			t.Unit = "cuc"
			targets = append(targets, t)
		}
	}
	cfg.Targets = targets

	path := filepath.Join(b.TempDir(), "fieldbot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	loc := cfg.Calendar.Location
	now := time.Date(2027, 9, 24, 17, 0, 0, 0, loc)
	for i, p := range people[1 : len(people)-1] {
		var subs []fieldbot.Submission
		for yw := range nationalYears * 52 {
			start, _ := cfg.Calendar.YearBounds(2027 - nationalYears + 1 + yw/52)
			w := yw % 52
			period := cfg.Calendar.PeriodOf(fieldbot.PeriodWeek, start.AddDate(0, 0, 7*w+3))
			cases := int64(200 + i%100 + w)
			subs = append(subs, fieldbot.Submission{Form: "weekly", Period: period.Key, Unit: p.Unit, Phone: p.Phone, SubmittedBy: p.Phone,
				SubmittedAt: period.End.Add(-55 * time.Hour), Answers: fieldbot.Answers{
					"viec_co_dieu_kien": strconv.FormatInt(cases, 10), "viec_xong": strconv.FormatInt(cases*int64(w)/60, 10), "viec_dinh_chi": "2",
					"tien_co_dieu_kien": "50000000000", "tien_xong": strconv.FormatInt(int64(w)*400000000, 10), "tien_dinh_chi": "0", "tiep_dan": "3"}})
		}
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			for _, s := range subs {
				if _, err := tx.PutSubmission(s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if fi, err := os.Stat(path); err == nil {
		b.Logf("store: %.1f MiB for %d submissions of %d years", float64(fi.Size())/(1<<20), nationalYears*52*(len(people)-2), nationalYears)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	loadStart := time.Now()
	ledger, err := loadLedger(cfg, db, now)
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(loadStart)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("ledger loaded from bbolt in %v: years from %d, HeapInuse %.1f MiB more, %.1f MiB in all",
		took.Round(time.Millisecond), ledger.From(), float64(after.HeapInuse-before.HeapInuse)/(1<<20), float64(after.HeapInuse)/(1<<20))
	engine := conversation.New(conversation.Config{Forms: cfg.Forms, Tree: tree, Roster: roster, Calendar: cfg.Calendar,
		Lang: locale.VI, Indicators: cfg.Indicators, Progress: ledger})
	ask := func(b *testing.B, p fieldbot.Person) {
		res, err := engine.Handle(conversation.Session{Now: now, Person: &p, State: &conversation.State{}},
			fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tiendo"})
		if err != nil || len(res.Messages) == 0 {
			b.Fatalf("/tiendo: %v", err)
		}
	}
	b.Run("tree", func(b *testing.B) {
		for b.Loop() {
			ask(b, people[0])
		}
	})
	b.Run("unit", func(b *testing.B) {
		for b.Loop() {
			ask(b, leader)
		}
	})
}
