package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/demo"
	"github.com/fieldbot/fieldbot/store"
)

func TestSeedIsPlausibleAndOnce(t *testing.T) {
	cfg, err := config.Load("../config.example.toml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	form, _ := cfg.Form("weekly")
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, cfg.Calendar.Location)
	n, err := demo.Seed(context.Background(), db, cfg.Roster, form, cfg.Calendar, now)
	if err != nil || n == 0 {
		t.Fatalf("Seed = %d, %v", n, err)
	}
	weeks := map[string]bool{}
	err = db.LatestSubmissions("weekly", func(s fieldbot.Submission) error {
		weeks[s.Period] = true
		vals := map[string]float64{}
		for id := range s.Answers {
			vals[id], _ = s.Answers.Float(id)
		}
		for i, rule := range cfg.Checks["weekly"] {
			if res, err := rule.Eval(vals); err != nil || !res.Bool {
				t.Errorf("%s %s breaks check %q: %v", s.Phone, s.Period, form.Checks[i].Rule, s.Answers)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 01/10/2026 is in week 40; the week of 28/11 (48) is not yet reported.
	if !weeks["2026-W40"] || !weeks["2026-W47"] || weeks["2026-W48"] {
		t.Errorf("seeded weeks = %v", weeks)
	}
	if again, err := demo.Seed(context.Background(), db, cfg.Roster, form, cfg.Calendar, now); err != nil || again != 0 {
		t.Errorf("second Seed = %d, %v; want 0", again, err)
	}
}
