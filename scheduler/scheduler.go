// Package scheduler decides when fieldbot's periodic jobs (the weekly digest,
// the reminders) run, and which scheduled time each run stands for.
//
// It is the only importer of github.com/robfig/cron/v3 (v3.0.1, unmaintained
// since 2020) and exists to fence off that library's traps (DESIGN.md §8):
//
//   - The parser panics on some inputs (for example "CRON_TZ=Asia/Ho_Chi_Minh"
//     with nothing after it). Every spec is parsed under recover, at New, and a
//     bad spec is an error naming the job.
//   - A spec without CRON_TZ is read in time.Local, and such a schedule is
//     interpreted in whatever location the time given to Next carries. Every
//     schedule here is pinned to Options.Location instead.
//   - Jobs are not protected against panics by default. Each live entry runs
//     under cron.Recover and cron.SkipIfStillRunning, and the package recovers
//     job panics itself as well, so Tick (which has no cron chain) is covered.
//   - Cron.Stop does not wait for, or cancel, running jobs; it only returns a
//     context. Stop here waits on that context and on runs started by Tick or
//     RunNow.
//   - Runs missed while the process was down are never caught up. The last
//     scheduled time each job ran for is kept through Record, and Start
//     begins with a catch-up Tick.
//   - "@every d" counts from the moment the cron started, so its times are not
//     a function of the schedule alone. Here "@every d" fires at the multiples
//     of d since the zero time (UTC-aligned: "@every 1h" fires on the hour,
//     "@every 24h" at 00:00 UTC; use "@daily" for local midnight).
//
// The decision of which scheduled time is due is a pure function of
// (schedule, last recorded run, now). Tick applies it synchronously with an
// injected time, so tests can play a whole week on a fake clock. The live cron
// entries call the same code with Options.Now(). The package never calls
// time.Now itself; Options.Now defaults to time.Now when it is nil.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// LateAfter is how far after its scheduled time a run is marked Late.
const LateAfter = time.Minute

// DefaultGrace is the default Options.Grace.
const DefaultGrace = 12 * time.Hour

// maxLookback bounds how far back due times are searched, whatever the last
// recorded run or Grace. robfig's Next gives up after five years.
const maxLookback = 4 * 366 * 24 * time.Hour

var (
	// ErrBusy is returned by RunNow when the job is already running.
	ErrBusy = errors.New("scheduler: job is already running")
	// ErrStopped is returned by RunNow after Stop.
	ErrStopped = errors.New("scheduler: stopped")
)

// Run describes one run of a job.
type Run struct {
	Job       string
	Scheduled time.Time // the scheduled time this run stands for (in Location)
	Late      bool      // caught up after a downtime
	Manual    bool      // RunNow
}

// Job is a named job and its schedule.
type Job struct {
	Name string
	// Spec is a 5-field standard cron spec or a descriptor (@daily, @weekly,
	// @every 1h, ...), read in Options.Location. "" means the job is off.
	Spec string
	Run  func(ctx context.Context, r Run) error
}

// Record keeps the last scheduled time each job ran for (the store implements it).
type Record interface {
	LastRun(job string) (time.Time, bool, error)
	SetLastRun(job string, scheduled time.Time) error
}

// Options configure a Scheduler.
type Options struct {
	Location *time.Location   // required
	Grace    time.Duration    // how late a missed run may still be made up; default 12h
	Now      func() time.Time // default time.Now
	Record   Record           // required
	Log      *slog.Logger     // default slog.Default()
	// Observe, if set, is told of every run (metrics): its job, its
	// result (RunOK, RunFailed, RunSkipped), how long after its
	// scheduled time it started and how long it took, by Now. A run
	// refused because the scheduler stopped is not told.
	Observe func(job, result string, lag, took time.Duration)
}

// What became of a run, as Options.Observe is told.
const (
	RunOK      = "ok"
	RunFailed  = "failed"  // an error or a panic: tried again at the next tick
	RunSkipped = "skipped" // missed beyond grace while fieldbot was down: not run
)

// Scheduler runs jobs on their schedules.
type Scheduler struct {
	loc     *time.Location
	grace   time.Duration
	now     func() time.Time
	rec     Record
	log     *slog.Logger
	observe func(job, result string, lag, took time.Duration)
	jobs    []*job
	byName  map[string]*job

	mu       sync.Mutex
	started  bool
	stopped  bool
	cron     *cron.Cron
	inflight sync.WaitGroup // job calls; Add only under mu while !stopped
}

type job struct {
	Job
	sched cron.Schedule // nil: off
	sem   chan struct{} // held while the job is checked or run
}

// New validates every spec and returns a Scheduler. Errors name the job:
// `schedule for "digest": ...`.
func New(opt Options, jobs ...Job) (*Scheduler, error) {
	if opt.Location == nil {
		return nil, errors.New("scheduler: Options.Location is required")
	}
	if opt.Record == nil {
		return nil, errors.New("scheduler: Options.Record is required")
	}
	s := &Scheduler{
		loc:     opt.Location,
		grace:   opt.Grace,
		now:     opt.Now,
		rec:     opt.Record,
		log:     opt.Log,
		observe: opt.Observe,
		byName:  make(map[string]*job, len(jobs)),
	}
	if s.grace <= 0 {
		s.grace = DefaultGrace
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	var errs []error
	for _, j := range jobs {
		switch {
		case j.Name == "":
			errs = append(errs, errors.New("scheduler: a job has no name"))
			continue
		case s.byName[j.Name] != nil:
			errs = append(errs, fmt.Errorf("scheduler: job %q is defined twice", j.Name))
			continue
		case j.Run == nil:
			errs = append(errs, fmt.Errorf("scheduler: job %q has no Run function", j.Name))
			continue
		}
		sched, err := parse(j.Spec, s.loc)
		if err != nil {
			errs = append(errs, fmt.Errorf("schedule for %q: %w", j.Name, err))
			continue
		}
		jj := &job{Job: j, sched: sched, sem: make(chan struct{}, 1)}
		s.jobs = append(s.jobs, jj)
		s.byName[j.Name] = jj
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// Jobs returns the names of the jobs that are on (have a schedule).
func (s *Scheduler) Jobs() []string {
	var out []string
	for _, j := range s.jobs {
		if j.sched != nil {
			out = append(out, j.Name)
		}
	}
	return out
}

// Validate reports whether spec is a valid schedule in loc ("" is valid: off).
func Validate(spec string, loc *time.Location) error {
	if loc == nil {
		return errors.New("scheduler: no location")
	}
	_, err := parse(spec, loc)
	return err
}

// parse parses spec under recover, pinned to loc. A nil schedule and nil
// error mean the job is off.
func parse(spec string, loc *time.Location) (sched cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, nil
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("invalid spec %q: %v", spec, r)
		}
	}()
	parsed, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid spec %q: %w", spec, err)
	}
	switch p := parsed.(type) {
	case *cron.SpecSchedule:
		// No CRON_TZ (or CRON_TZ=Local) leaves time.Local: use the configured
		// location. An explicit CRON_TZ in the spec wins, as in robfig.
		if p.Location == time.Local {
			p.Location = loc
		}
	case cron.ConstantDelaySchedule:
		parsed = every{p.Delay}
	default:
		return nil, fmt.Errorf("invalid spec %q: unexpected schedule type %T", spec, parsed)
	}
	probe := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	if parsed.Next(probe).IsZero() {
		return nil, fmt.Errorf("invalid spec %q: it never fires", spec)
	}
	return parsed, nil
}

// every fires at the multiples of d since the zero time (d ≥ 1s, whole seconds).
type every struct{ d time.Duration }

func (e every) Next(t time.Time) time.Time { return t.Truncate(e.d).Add(e.d) }

// latest returns the latest time T of sched with after < T ≤ now, in loc.
//
// Next(x) is the first scheduled time > x, so "Next(x) ≤ now" holds exactly
// for x < T. A binary search on x down to one second (scheduled times are
// whole seconds) finds T in about log2(span in seconds) calls, whatever the
// span and the spec.
func latest(sched cron.Schedule, loc *time.Location, after, now time.Time) (time.Time, bool) {
	if floor := now.Add(-maxLookback); after.Before(floor) {
		after = floor
	}
	if !now.After(after) {
		return time.Time{}, false
	}
	dueBy := func(x time.Time) bool {
		t := sched.Next(x.In(loc))
		return !t.IsZero() && !t.After(now)
	}
	if !dueBy(after) {
		return time.Time{}, false
	}
	lo, hi := after, now // dueBy(lo) && !dueBy(hi)
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if dueBy(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return sched.Next(lo.In(loc)).In(loc), true
}

// Next returns the next scheduled time of job after the given time, in
// Location; false if there is no such job, it is off, or it never fires.
func (s *Scheduler) Next(job string, after time.Time) (time.Time, bool) {
	j := s.byName[job]
	if j == nil || j.sched == nil {
		return time.Time{}, false
	}
	t := j.sched.Next(after.In(s.loc))
	if t.IsZero() {
		return time.Time{}, false
	}
	return t.In(s.loc), true
}

// Tick runs, synchronously and one after the other, every job that is due at
// now (see runDue). A job being run by the live cron is waited for.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) {
	for _, j := range s.jobs {
		if ctx.Err() != nil {
			return
		}
		s.runDue(ctx, j, now)
	}
}

// runDue runs j for the latest scheduled time T with L < T ≤ now (L the last
// recorded run; without one, now-Grace < T), if any. A T more than Grace
// before now is recorded as done without running ("missed beyond grace").
// T is recorded after the job returns nil; an error or a panic is logged and
// T is tried again at the next Tick.
func (s *Scheduler) runDue(ctx context.Context, j *job, now time.Time) {
	if j.sched == nil {
		return
	}
	select {
	case j.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-j.sem }()
	log := s.log.With("job", j.Name)
	defer func() {
		if r := recover(); r != nil {
			log.Error("scheduler: panic while checking job", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	if ctx.Err() != nil {
		return
	}

	last, ok, err := s.rec.LastRun(j.Name)
	if err != nil {
		log.Error("scheduler: cannot read last run; job not run", "err", err)
		return
	}
	after := now.Add(-s.grace)
	if ok {
		after = last
	}
	t, ok := latest(j.sched, s.loc, after, now)
	if !ok {
		return
	}
	if now.Sub(t) > s.grace {
		log.Warn("scheduler: run missed beyond grace, skipped", "scheduled", t, "now", now.In(s.loc), "grace", s.grace)
		if s.observe != nil {
			s.observe(j.Name, RunSkipped, now.Sub(t), 0)
		}
		if err := s.rec.SetLastRun(j.Name, t); err != nil {
			log.Error("scheduler: cannot record skipped run", "scheduled", t, "err", err)
		}
		return
	}
	r := Run{Job: j.Name, Scheduled: t, Late: now.Sub(t) > LateAfter}
	if err := s.call(ctx, j, r); err != nil {
		if !errors.Is(err, ErrStopped) {
			log.Error("scheduler: job failed; will retry", "scheduled", t, "late", r.Late, "err", err)
		}
		return
	}
	if err := s.rec.SetLastRun(j.Name, t); err != nil {
		log.Error("scheduler: cannot record run; it may run again", "scheduled", t, "err", err)
	}
}

// call runs the job function, turning a panic into an error. The caller holds j.sem.
func (s *Scheduler) call(ctx context.Context, j *job, r Run) (err error) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return ErrStopped
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	defer s.inflight.Done()

	if s.observe != nil {
		start := s.now()
		defer func() { // after the recover below has turned a panic into err
			result := RunOK
			if err != nil {
				result = RunFailed
			}
			s.observe(j.Name, result, start.Sub(r.Scheduled), s.now().Sub(start))
		}()
	}
	log := s.log.With("job", j.Name)
	defer func() {
		if p := recover(); p != nil {
			log.Error("scheduler: job panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("scheduler: job %q panicked: %v", j.Name, p)
		}
	}()
	log.Info("scheduler: running job", "scheduled", r.Scheduled, "late", r.Late, "manual", r.Manual)
	return j.Run(ctx, r)
}

// Start runs a catch-up Tick at Now() (runs missed while the process was
// down, once, marked late), then starts the live cron, whose entries run
// the due jobs with ctx. Start returns once the cron is started; it is a
// no-op if called again or after Stop.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	if s.started || s.stopped {
		s.mu.Unlock()
		return
	}
	s.started = true
	s.mu.Unlock()

	s.Tick(ctx, s.now())

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.cron = cron.New(cron.WithLocation(s.loc), cron.WithLogger(cronLogger{s.log}))
	for _, j := range s.jobs {
		if j.sched == nil {
			s.log.Info("scheduler: job is off", "job", j.Name)
			continue
		}
		// The same wrappers as cron.WithChain(cron.Recover(l),
		// cron.SkipIfStillRunning(l)), applied per entry so that their log
		// lines name the job.
		l := cronLogger{s.log.With("job", j.Name)}
		fire := cron.FuncJob(func() { s.runDue(ctx, j, s.now()) })
		s.cron.Schedule(j.sched, cron.NewChain(cron.Recover(l), cron.SkipIfStillRunning(l)).Then(fire))
		if next, ok := s.Next(j.Name, s.now()); ok {
			s.log.Info("scheduler: job scheduled", "job", j.Name, "spec", j.Spec, "next", next)
		}
	}
	s.cron.Start()
}

// Stop stops the live cron and waits for running jobs (live, Tick or RunNow)
// to return. It does not cancel them: cancel the context given to Start for
// that. After Stop nothing more is run.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.stopped = true
	c := s.cron
	s.mu.Unlock()
	if c != nil {
		<-c.Stop().Done()
	}
	s.inflight.Wait()
}

// RunNow runs job at once with Run{Scheduled: Now(), Manual: true} and
// returns its error. It records nothing. It returns ErrBusy if the job is
// running, ErrStopped after Stop. An off job can still be run this way.
func (s *Scheduler) RunNow(ctx context.Context, job string) error {
	j := s.byName[job]
	if j == nil {
		return fmt.Errorf("scheduler: no job %q", job)
	}
	select {
	case j.sem <- struct{}{}:
	default:
		return fmt.Errorf("%w: %q", ErrBusy, job)
	}
	defer func() { <-j.sem }()
	err := s.call(ctx, j, Run{Job: job, Scheduled: s.now().In(s.loc), Manual: true})
	if err != nil && !errors.Is(err, ErrStopped) {
		s.log.Error("scheduler: manual run failed", "job", job, "err", err)
	}
	return err
}

// cronLogger adapts slog to cron.Logger. robfig's routine messages (start,
// wake, run, ...) go to Debug.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		c.l.Info("scheduler: live run skipped, the previous one is still running")
		return
	}
	c.l.Debug("cron: "+msg, kv...)
}

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append([]any{"err", err}, kv...)...)
}
