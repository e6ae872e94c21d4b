package scheduler

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh without a system tz database

	"github.com/robfig/cron/v3"
)

// memRecord is an in-memory Record.
type memRecord struct {
	mu sync.Mutex
	m  map[string]time.Time
}

func newMemRecord() *memRecord { return &memRecord{m: map[string]time.Time{}} }

func (r *memRecord) LastRun(job string) (time.Time, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.m[job]
	return t, ok, nil
}

func (r *memRecord) SetLastRun(job string, t time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[job] = t
	return nil
}

func (r *memRecord) get(job string) (time.Time, bool) {
	t, ok, _ := r.LastRun(job)
	return t, ok
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func testLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// call is one recorded job call: the Run and the (fake) time it happened.
type call struct {
	Run
	At time.Time
}

// recorder collects the calls of jobs.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (rc *recorder) job(name, spec string, clock func() time.Time, result func(Run) error) Job {
	return Job{Name: name, Spec: spec, Run: func(ctx context.Context, r Run) error {
		rc.mu.Lock()
		rc.calls = append(rc.calls, call{Run: r, At: clock()})
		rc.mu.Unlock()
		if result != nil {
			return result(r)
		}
		return nil
	}}
}

func (rc *recorder) of(name string) []call {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []call
	for _, c := range rc.calls {
		if c.Job == name {
			out = append(out, c)
		}
	}
	return out
}

func hcm(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// week plays Monday 2026-03-02 00:00 to Sunday 2026-03-08 23:59 in Hanoi,
// one Tick a minute, and returns the calls.
func playWeek(t *testing.T, loc *time.Location) (*recorder, *memRecord) {
	t.Helper()
	hanoi := hcm(t)
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, hanoi)
	if start.Weekday() != time.Monday {
		t.Fatalf("%v is not a Monday", start)
	}
	clock := &fakeClock{}
	rec := newMemRecord()
	rc := &recorder{}
	log, _ := testLogger()
	s, err := New(Options{Location: loc, Now: clock.Now, Record: rec, Log: log},
		rc.job("digest", "0 17 * * FRI", clock.Now, nil),
		rc.job("remind", "0 9 * * THU", clock.Now, nil),
		rc.job("off", "", clock.Now, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for now := start; now.Before(start.AddDate(0, 0, 7)); now = now.Add(time.Minute) {
		clock.Set(now)
		s.Tick(ctx, now)
	}
	return rc, rec
}

func TestWeekInHanoi(t *testing.T) {
	loc := hcm(t)
	rc, rec := playWeek(t, loc)

	for _, c := range []struct {
		job  string
		want time.Time
	}{
		{"digest", time.Date(2026, 3, 6, 17, 0, 0, 0, loc)}, // Friday
		{"remind", time.Date(2026, 3, 5, 9, 0, 0, 0, loc)},  // Thursday
	} {
		calls := rc.of(c.job)
		if len(calls) != 1 {
			t.Fatalf("%s ran %d times, want 1: %+v", c.job, len(calls), calls)
		}
		got := calls[0]
		if !got.Scheduled.Equal(c.want) || got.Scheduled.Location() != loc {
			t.Errorf("%s Scheduled = %v, want %v", c.job, got.Scheduled, c.want)
		}
		if !got.At.Equal(c.want) {
			t.Errorf("%s ran at %v, want %v", c.job, got.At, c.want)
		}
		if got.Late || got.Manual {
			t.Errorf("%s: Late=%v Manual=%v, want false", c.job, got.Late, got.Manual)
		}
		if last, ok := rec.get(c.job); !ok || !last.Equal(c.want) {
			t.Errorf("%s last run = %v %v, want %v", c.job, last, ok, c.want)
		}
	}
	if n := len(rc.of("off")); n != 0 {
		t.Errorf("off job ran %d times", n)
	}
}

func TestTimezoneMatters(t *testing.T) {
	hanoi := hcm(t)
	rc, _ := playWeek(t, time.UTC)

	calls := rc.of("digest")
	if len(calls) != 1 {
		t.Fatalf("digest ran %d times, want 1", len(calls))
	}
	want := time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC)
	if !calls[0].Scheduled.Equal(want) || calls[0].Scheduled.Location() != time.UTC {
		t.Errorf("Scheduled = %v, want %v", calls[0].Scheduled, want)
	}
	if at := calls[0].At.In(hanoi); at.Weekday() != time.Saturday || at.Hour() != 0 || at.Minute() != 0 {
		t.Errorf("digest in UTC ran at %v Hanoi time, want Saturday 00:00", at)
	}
	remind := rc.of("remind")
	if len(remind) != 1 || !remind[0].At.Equal(time.Date(2026, 3, 5, 16, 0, 0, 0, hanoi)) {
		t.Errorf("remind calls = %+v, want one on Thursday 16:00 Hanoi", remind)
	}
}

// newFake builds a scheduler with a fake clock and a memRecord.
func newFake(t *testing.T, opt Options, jobs ...Job) *Scheduler {
	t.Helper()
	s, err := New(opt, jobs...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDowntimeCatchUpLate(t *testing.T) {
	loc := hcm(t)
	prevFri := time.Date(2026, 2, 27, 17, 0, 0, 0, loc)
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	clock := &fakeClock{t: fri.Add(-time.Hour)} // Friday 16:00
	rec := newMemRecord()
	rec.SetLastRun("digest", prevFri)
	rc := &recorder{}
	log, _ := testLogger()
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec, Log: log},
		rc.job("digest", "0 17 * * FRI", clock.Now, nil))

	ctx := context.Background()
	s.Tick(ctx, clock.Now())
	if n := len(rc.of("digest")); n != 0 {
		t.Fatalf("ran %d times at 16:00", n)
	}

	// The process was down at 17:00 and comes back at 20:00: Start catches up.
	clock.Set(fri.Add(3 * time.Hour))
	s.Start(ctx)
	s.Stop()
	calls := rc.of("digest")
	if len(calls) != 1 {
		t.Fatalf("ran %d times, want 1", len(calls))
	}
	if !calls[0].Scheduled.Equal(fri) || !calls[0].Late || calls[0].Manual {
		t.Errorf("run = %+v, want Scheduled %v Late", calls[0].Run, fri)
	}
	if last, _ := rec.get("digest"); !last.Equal(fri) {
		t.Errorf("last run = %v, want %v", last, fri)
	}
	// And not again.
	s2 := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec, Log: log},
		rc.job("digest", "0 17 * * FRI", clock.Now, nil))
	s2.Tick(ctx, fri.Add(4*time.Hour))
	if n := len(rc.of("digest")); n != 1 {
		t.Errorf("ran %d times after catch-up, want 1", n)
	}
}

func TestDowntimeBeyondGrace(t *testing.T) {
	loc := hcm(t)
	prevFri := time.Date(2026, 2, 27, 17, 0, 0, 0, loc)
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	rec := newMemRecord()
	rec.SetLastRun("digest", prevFri)
	rc := &recorder{}
	clock := &fakeClock{}
	log, buf := testLogger()
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec, Log: log},
		rc.job("digest", "0 17 * * FRI", clock.Now, nil))
	ctx := context.Background()

	s.Tick(ctx, fri.Add(-time.Hour))
	s.Tick(ctx, time.Date(2026, 3, 7, 6, 0, 0, 0, loc)) // Saturday 06:00, 13 h late
	if n := len(rc.of("digest")); n != 0 {
		t.Fatalf("ran %d times beyond grace", n)
	}
	if last, _ := rec.get("digest"); !last.Equal(fri) {
		t.Errorf("skipped run not recorded: last = %v, want %v", last, fri)
	}
	if !strings.Contains(buf.String(), "missed beyond grace") {
		t.Errorf("no 'missed beyond grace' log:\n%s", buf)
	}
	s.Tick(ctx, time.Date(2026, 3, 7, 7, 0, 0, 0, loc))
	s.Tick(ctx, time.Date(2026, 3, 8, 7, 0, 0, 0, loc))
	if n := len(rc.of("digest")); n != 0 {
		t.Fatalf("ran %d times after the skip", n)
	}
}

func TestDowntimeSeveralMissedOneRun(t *testing.T) {
	loc := hcm(t)
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, loc) }
	rec := newMemRecord()
	rec.SetLastRun("daily", day(2, 0))
	rc := &recorder{}
	clock := &fakeClock{}
	log, _ := testLogger()
	s := newFake(t, Options{Location: loc, Grace: 8 * 24 * time.Hour, Now: clock.Now, Record: rec, Log: log},
		rc.job("daily", "@daily", clock.Now, nil))
	ctx := context.Background()

	// Down from the 2nd 01:00 to the 5th 10:00: the 3rd, 4th and 5th were missed.
	s.Tick(ctx, day(5, 10))
	calls := rc.of("daily")
	if len(calls) != 1 {
		t.Fatalf("ran %d times, want 1: %+v", len(calls), calls)
	}
	if !calls[0].Scheduled.Equal(day(5, 0)) || !calls[0].Late {
		t.Errorf("run = %+v, want the 5th 00:00, late", calls[0].Run)
	}
	s.Tick(ctx, day(5, 11))
	if n := len(rc.of("daily")); n != 1 {
		t.Errorf("ran %d times, want 1", n)
	}
}

func TestErrorRetried(t *testing.T) {
	loc := hcm(t)
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	rec := newMemRecord()
	rc := &recorder{}
	clock := &fakeClock{}
	fail := true
	log, buf := testLogger()
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec, Log: log},
		rc.job("digest", "0 17 * * FRI", clock.Now, func(Run) error {
			if fail {
				return errors.New("telegram down")
			}
			return nil
		}))
	ctx := context.Background()

	s.Tick(ctx, fri)
	if n := len(rc.of("digest")); n != 1 {
		t.Fatalf("ran %d times, want 1", n)
	}
	if _, ok := rec.get("digest"); ok {
		t.Fatal("a failed run was recorded")
	}
	if !strings.Contains(buf.String(), "telegram down") {
		t.Errorf("error not logged:\n%s", buf)
	}

	fail = false
	s.Tick(ctx, fri.Add(5*time.Minute))
	calls := rc.of("digest")
	if len(calls) != 2 {
		t.Fatalf("ran %d times, want 2 (retry)", len(calls))
	}
	if !calls[1].Scheduled.Equal(fri) || !calls[1].Late {
		t.Errorf("retry = %+v, want Scheduled %v, late", calls[1].Run, fri)
	}
	if last, _ := rec.get("digest"); !last.Equal(fri) {
		t.Errorf("last = %v, want %v", last, fri)
	}
	s.Tick(ctx, fri.Add(10*time.Minute))
	if n := len(rc.of("digest")); n != 2 {
		t.Errorf("ran %d times after success, want 2", n)
	}
}

func TestTickRecoversPanic(t *testing.T) {
	loc := hcm(t)
	fri := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	rec := newMemRecord()
	rc := &recorder{}
	log, buf := testLogger()
	s := newFake(t, Options{Location: loc, Now: func() time.Time { return fri }, Record: rec, Log: log},
		rc.job("boom", "0 17 * * FRI", func() time.Time { return fri }, func(Run) error { panic("kaboom") }),
		rc.job("digest", "0 17 * * FRI", func() time.Time { return fri }, nil),
	)
	s.Tick(context.Background(), fri) // must not panic
	if _, ok := rec.get("boom"); ok {
		t.Error("a panicking run was recorded")
	}
	if n := len(rc.of("digest")); n != 1 {
		t.Errorf("the job after the panicking one ran %d times, want 1", n)
	}
	if !strings.Contains(buf.String(), "kaboom") {
		t.Errorf("panic not logged:\n%s", buf)
	}
	s.Tick(context.Background(), fri.Add(time.Minute))
	if n := len(rc.of("boom")); n != 2 {
		t.Errorf("panicking job ran %d times, want 2 (retried)", n)
	}
}

func TestLivePanicDoesNotCrash(t *testing.T) {
	var n atomic.Int32
	log, buf := testLogger()
	s := newFake(t, Options{Location: time.UTC, Record: newMemRecord(), Log: log},
		Job{Name: "boom", Spec: "@every 1s", Run: func(context.Context, Run) error {
			n.Add(1)
			panic("kaboom")
		}})
	s.Start(context.Background())
	defer s.Stop()
	deadline := time.Now().Add(3 * time.Second)
	for n.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n.Load() < 2 {
		t.Fatalf("panicking job ran %d times in 3 s, want ≥ 2", n.Load())
	}
	if !strings.Contains(buf.String(), "kaboom") {
		t.Errorf("panic not logged")
	}
}

func TestBadSpecs(t *testing.T) {
	loc := hcm(t)
	for _, spec := range []string{
		"CRON_TZ=Asia/Ho_Chi_Minh", // panics inside robfig's parser
		"TZ=Asia/Ho_Chi_Minh",
		"CRON_TZ=x",
		"CRON_TZ=Nowhere/Else 0 17 * * FRI",
		"61 * * * *",
		"0 17 * * FRI extra",
		"0 17 * *",
		"@fortnightly",
		"@every banana",
		"*/0 * * * *",
		"0 0 30 2 *", // never fires
	} {
		t.Run(spec, func(t *testing.T) {
			if err := Validate(spec, loc); err == nil {
				t.Errorf("Validate(%q) = nil", spec)
			}
			_, err := New(Options{Location: loc, Record: newMemRecord()},
				Job{Name: "good", Spec: "@daily", Run: func(context.Context, Run) error { return nil }},
				Job{Name: "bad", Spec: spec, Run: func(context.Context, Run) error { return nil }})
			if err == nil {
				t.Fatalf("New accepted %q", spec)
			}
			if !strings.Contains(err.Error(), `schedule for "bad": `) || strings.Contains(err.Error(), `"good"`) {
				t.Errorf("error does not name the job: %v", err)
			}
		})
	}
	for _, spec := range []string{"", "  ", "@daily", "@every 1h30m", "0 17 * * FRI", "CRON_TZ=UTC 0 17 * * FRI", "0 9 * * THU", "*/15 8-17 * * MON-FRI"} {
		if err := Validate(spec, loc); err != nil {
			t.Errorf("Validate(%q) = %v", spec, err)
		}
	}
}

// The trap still exists in the pinned version: if this starts failing the
// library changed and the recover in parse may be reviewed.
func TestRobfigStillPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("cron.ParseStandard(\"CRON_TZ=Asia/Ho_Chi_Minh\") no longer panics")
		}
	}()
	cron.ParseStandard("CRON_TZ=Asia/Ho_Chi_Minh")
}

func TestOffJob(t *testing.T) {
	loc := hcm(t)
	rc := &recorder{}
	clock := &fakeClock{}
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: newMemRecord()},
		rc.job("off", "", clock.Now, nil))
	if _, ok := s.Next("off", time.Now()); ok {
		t.Error("Next of an off job is ok")
	}
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	for now := start; now.Before(start.AddDate(0, 0, 7)); now = now.Add(time.Hour) {
		s.Tick(context.Background(), now)
	}
	if n := len(rc.of("off")); n != 0 {
		t.Errorf("off job ran %d times", n)
	}
}

func TestNext(t *testing.T) {
	loc := hcm(t)
	s := newFake(t, Options{Location: loc, Record: newMemRecord()},
		Job{Name: "digest", Spec: "0 17 * * FRI", Run: func(context.Context, Run) error { return nil }})
	// Given a UTC time, the answer is still Friday 17:00 in Hanoi.
	got, ok := s.Next("digest", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	want := time.Date(2026, 3, 6, 17, 0, 0, 0, loc)
	if !ok || !got.Equal(want) || got.Location() != loc {
		t.Errorf("Next = %v %v, want %v", got, ok, want)
	}
	if _, ok := s.Next("nope", time.Now()); ok {
		t.Error("Next of an unknown job is ok")
	}
}

func TestRunNow(t *testing.T) {
	loc := hcm(t)
	now := time.Date(2026, 3, 3, 10, 11, 12, 0, loc)
	rec := newMemRecord()
	rc := &recorder{}
	clock := &fakeClock{t: now}
	s := newFake(t, Options{Location: loc, Now: clock.Now, Record: rec},
		rc.job("digest", "0 17 * * FRI", clock.Now, nil))
	if err := s.RunNow(context.Background(), "digest"); err != nil {
		t.Fatal(err)
	}
	calls := rc.of("digest")
	if len(calls) != 1 {
		t.Fatalf("ran %d times, want 1", len(calls))
	}
	if r := calls[0].Run; !r.Manual || r.Late || !r.Scheduled.Equal(now) {
		t.Errorf("run = %+v, want Manual, Scheduled %v", r, now)
	}
	if _, ok := rec.get("digest"); ok {
		t.Error("RunNow recorded a last run")
	}
	if err := s.RunNow(context.Background(), "nope"); err == nil {
		t.Error("RunNow of an unknown job succeeded")
	}
	// The scheduled Friday run still happens.
	s.Tick(context.Background(), time.Date(2026, 3, 6, 17, 0, 30, 0, loc))
	if n := len(rc.of("digest")); n != 2 {
		t.Errorf("ran %d times, want 2", n)
	}
}

func TestRunNowBusy(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	s := newFake(t, Options{Location: time.UTC, Record: newMemRecord()},
		Job{Name: "slow", Spec: "", Run: func(context.Context, Run) error {
			close(started)
			<-release
			return nil
		}})
	done := make(chan error)
	go func() { done <- s.RunNow(context.Background(), "slow") }()
	<-started
	if err := s.RunNow(context.Background(), "slow"); !errors.Is(err, ErrBusy) {
		t.Errorf("second RunNow = %v, want ErrBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestStopWaitsForRunningJob(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	var once sync.Once
	s := newFake(t, Options{Location: time.UTC, Record: newMemRecord()},
		Job{Name: "slow", Spec: "@every 1s", Run: func(context.Context, Run) error {
			once.Do(func() { close(started) })
			<-release
			return nil
		}})
	startDone := make(chan struct{})
	go func() { s.Start(context.Background()); close(startDone) }()
	select {
	case <-started:
	case <-time.After(3 * time.Second):
		close(release)
		t.Fatal("job did not start")
	}
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	select {
	case <-stopped:
		close(release)
		t.Fatal("Stop returned while the job was running")
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	select {
	case <-stopped:
	case <-time.After(3 * time.Second):
		t.Fatal("Stop did not return after the job finished")
	}
	<-startDone
	if err := s.RunNow(context.Background(), "slow"); !errors.Is(err, ErrStopped) {
		t.Errorf("RunNow after Stop = %v, want ErrStopped", err)
	}
}

func TestStopWaitsForLiveJob(t *testing.T) {
	// Same, with the job started by the live cron (not the catch-up Tick).
	release := make(chan struct{})
	started := make(chan struct{})
	var calls atomic.Int32
	rec := newMemRecord()
	s := newFake(t, Options{Location: time.UTC, Record: rec},
		Job{Name: "slow", Spec: "@every 1s", Run: func(_ context.Context, r Run) error {
			if calls.Add(1) == 1 {
				return nil // the catch-up run
			}
			select {
			case <-started:
			default:
				close(started)
			}
			<-release
			return nil
		}})
	s.Start(context.Background())
	if calls.Load() != 1 {
		t.Fatalf("catch-up ran %d times, want 1", calls.Load())
	}
	select {
	case <-started:
	case <-time.After(3 * time.Second):
		close(release)
		t.Fatal("live job did not start")
	}
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	select {
	case <-stopped:
		close(release)
		t.Fatal("Stop returned while the live job was running")
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	select {
	case <-stopped:
	case <-time.After(3 * time.Second):
		t.Fatal("Stop did not return after the job finished")
	}
}

func TestTickAndLiveNeverOverlap(t *testing.T) {
	var active, maxActive, runs atomic.Int32
	s := newFake(t, Options{Location: time.UTC, Record: newMemRecord()},
		Job{Name: "slow", Spec: "@every 1s", Run: func(context.Context, Run) error {
			n := active.Add(1)
			for {
				m := maxActive.Load()
				if n <= m || maxActive.CompareAndSwap(m, n) {
					break
				}
			}
			runs.Add(1)
			time.Sleep(200 * time.Millisecond)
			active.Add(-1)
			return nil
		}})
	ctx := context.Background()
	s.Start(ctx)
	end := time.Now().Add(2500 * time.Millisecond)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				s.Tick(ctx, time.Now())
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	s.Stop()
	if m := maxActive.Load(); m != 1 {
		t.Errorf("up to %d concurrent runs of one job, want 1", m)
	}
	if r := runs.Load(); r < 3 || r > 5 {
		t.Errorf("%d runs in 2.5 s of '@every 1s', want 3 to 5 (one per scheduled second)", r)
	}
}

// latest must agree with plain iteration of Next.
func TestLatestMatchesIteration(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	locs := []*time.Location{hcm(t), time.UTC, ny}
	specs := []string{"0 17 * * FRI", "0 9 * * THU", "*/7 * * * *", "@daily", "@hourly", "@every 90m", "@every 1s", "30 2 * * *", "0 0 29 2 *", "0 0 1 * *"}
	rng := rand.New(rand.NewSource(1))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, loc := range locs {
		for _, spec := range specs {
			sched, err := parse(spec, loc)
			if err != nil {
				t.Fatal(err)
			}
			span := 10 * 24 * time.Hour
			if strings.HasSuffix(spec, "1s") {
				span = 20 * time.Minute
			}
			for range 60 {
				after := base.Add(time.Duration(rng.Int63n(int64(365 * 24 * time.Hour))))
				if rng.Intn(3) == 0 {
					after = after.Truncate(time.Hour) // on a scheduled time, often
				}
				now := after.Add(time.Duration(rng.Int63n(int64(span))))
				var want time.Time
				found := false
				for x := sched.Next(after.In(loc)); !x.IsZero() && !x.After(now); x = sched.Next(x) {
					want, found = x, true
				}
				got, ok := latest(sched, loc, after, now)
				if ok != found || !got.Equal(want) {
					t.Fatalf("%s in %v, after %v, now %v: latest = %v %v, iteration = %v %v", spec, loc, after, now, got, ok, want, found)
				}
			}
		}
	}
}
