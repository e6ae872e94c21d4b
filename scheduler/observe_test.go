package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// Observe is told of every run: ok, failed (an error or a panic) or
// skipped beyond grace, with how late it started and how long it took by
// the scheduler's clock.
func TestObserveRuns(t *testing.T) {
	loc := hcm(t)
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	clock := &fakeClock{}
	var got []string
	observe := func(job, result string, lag, took time.Duration) {
		got = append(got, fmt.Sprintf("%s %s lag=%v took=%v", job, result, lag, took))
	}
	rec := newMemRecord()
	rc := &recorder{}
	log, _ := testLogger()
	failing := true
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec, Log: log, Observe: observe},
		rc.job("digest", "0 17 * * FRI", clock.Now, func(Run) error {
			clock.Set(clock.Now().Add(3 * time.Second)) // the run takes three seconds
			if failing {
				return errors.New("telegram down")
			}
			return nil
		}),
		Job{Name: "boom", Spec: "0 17 * * FRI", Run: func(context.Context, Run) error { panic("kaboom") }},
		Job{Name: "off", Run: func(context.Context, Run) error { return nil }},
	)
	ctx := context.Background()
	if got := s.Jobs(); !slices.Equal(got, []string{"digest", "boom"}) {
		t.Errorf("Jobs() = %v", got)
	}

	clock.Set(fri.Add(2 * time.Minute))
	s.Tick(ctx, clock.Now())
	failing = false
	clock.Set(fri.Add(5 * time.Minute))
	s.Tick(ctx, clock.Now())
	// Down from before the next Friday's run until 13 h after it.
	next := fri.AddDate(0, 0, 7)
	rec.SetLastRun("boom", next)
	clock.Set(next.Add(13 * time.Hour))
	s.Tick(ctx, clock.Now())
	if err := s.RunNow(ctx, "digest"); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	if err := s.RunNow(ctx, "digest"); !errors.Is(err, ErrStopped) {
		t.Fatalf("RunNow after Stop = %v", err)
	}

	want := []string{
		"digest failed lag=2m0s took=3s",
		"boom failed lag=2m3s took=0s", // a panic; it starts after the digest's three seconds
		"digest ok lag=5m0s took=3s",
		"boom failed lag=5m3s took=0s",
		"digest skipped lag=13h0m0s took=0s",
		"digest ok lag=0s took=3s", // RunNow
	}
	if !slices.Equal(got, want) {
		t.Errorf("observed:\n%q\nwant:\n%q", got, want)
	}
}
