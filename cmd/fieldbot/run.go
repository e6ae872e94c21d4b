package main

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/backups"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/directory"
	"github.com/fieldbot/fieldbot/invitedrop"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/metrics"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/scheduler"
	"github.com/fieldbot/fieldbot/store"
)

// runCommand runs the bot: `run`, or with sandbox `sandbox`, which runs the
// real bot against in-process fakes of Telegram and Zalo and serves a page
// to chat with it, on the config's units, forms, roster and [http] listen,
// with a database and backups of its own in data_dir/sandbox. `run` runs
// the sandbox only with no config at all (the example's, as a fresh clone
// has); a config named on purpose without a token is refused.
func runCommand(ctx context.Context, args []string, env Env, sandbox bool) error {
	var path string
	name := "run"
	if sandbox {
		name = "sandbox"
	}
	fs := flags(name, env, &path)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	if !sandbox && !hasChannel(cfg) {
		if !sandboxByDefault(fs, env) {
			return noChannel(path)
		}
		sandbox = true
	}
	log := newLogger(cfg.Log, env)
	log.Info("fieldbot starting", "version", version, "go", runtime.Version(), "config", cfg.Path)
	dataDir := cfg.DataDir
	var rig *sandboxRig
	if sandbox {
		// The sandbox's data stays apart, and it never uses a real token.
		dataDir = sandboxDir(cfg.DataDir)
		if rig, err = startSandbox(cfg, log); err != nil {
			return err
		}
		defer rig.close()
	}
	db, err := openStore(dataDir, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if kept := db.MigratedFrom(); kept != "" {
		log.Warn("the database was moved to this version's layout by copy; the file as it was is kept, remove it once the bot runs well",
			"kept", kept)
	}
	if err := settleDirectory(cfg, db, log); err != nil {
		return err
	}
	if rig != nil {
		if err := rig.seed(ctx, cfg, db, env.now()); err != nil {
			return err
		}
	}

	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	ledger, err := loadLedger(cfg, db, env.now())
	if err != nil {
		return err
	}
	if err := db.Unmapped(); err != nil { // what the load read is in the ledger now
		log.Warn("could not give back the database pages read at start", "err", err)
	}
	// The load's garbage (two national years decoded) goes back to the
	// system now rather than over the next minutes: a national start
	// settles at ≈ 25 MiB of anonymous memory instead of ≈ 45.
	debug.FreeOSMemory()
	convCfg := conversation.Config{
		Forms: cfg.Forms, Checks: checks(cfg), Tree: cfg.Tree, Roster: cfg.Roster,
		Calendar: cfg.Calendar, Lang: lang, IdleTimeout: cfg.IdleTimeout, Indicators: cfg.Indicators,
		Sheets: directory.Sheets{Tree: cfg.Tree, Indicators: cfg.Indicators, Roster: cfg.Roster},
	}
	rl := &relay.Relay{DB: db, Roster: cfg.Roster, Lang: lang, Now: env.now, Log: log}
	if ledger != nil {
		convCfg.Progress, rl.Saved = ledger, ledger.Add
	}
	var jobs *digest.Jobs
	if ledger != nil {
		jobs = digestJobs(cfg, db, ledger, lang, log)
		convCfg.Digests, rl.Preview, rl.OnSave = true, jobs.Preview, jobs.OnSave
	}
	rl.Applied = func(imp *conversation.Import) { applyImport(cfg, ledger, imp, log) }
	rl.Engine = conversation.New(convCfg)
	var chans *channelSet
	watch := newMetrics(cfg, db, &chans, env, log)
	rl.Observe, rl.Saved = watch.Step, countSaved(watch, rl.Saved)
	chans, err = channels(ctx, cfg, db, rl, lang, env, watch, log)
	if err != nil {
		return err
	}
	sched, err := schedule(cfg, db, ledger, backupDir(dataDir), jobs, env, watch, log)
	if err != nil {
		return err
	}
	watch.Jobs(sched.Jobs()...)
	if jobs != nil {
		jobs.Kick = chans.kick
	}
	if rig != nil {
		if err := rig.serve(ctx, cfg, db, sched, chans.uploads, env); err != nil {
			return err
		}
	} else {
		serveHealth(ctx, cfg.HTTP.Listen, withMetrics(healthHandler(db, chans, env.now(), env.now), watch), log)
	}
	schema, _ := db.Schema()
	log.Info("fieldbot is running", "channels", chans.names(), "data", db.Path(), "schema", schema)
	go sched.Start(ctx) // its catch-up may take a while; the bots answer meanwhile
	// Copies asked for by `fieldbot backup` while the bot holds the database.
	go backups.Serve(ctx, db, backups.Dir(dataDir), backups.Every, log)
	defer sched.Stop()
	// One housekeeper for the whole store, whichever channels run: idle
	// forms end (with a notice on their own channel), the inbox is pruned.
	// Beside it, invitations from the command line are imported.
	hk := &relay.Housekeeping{Relay: rl, Channels: chans.names(), Kick: chans.kick, Every: env.sweepEvery, Log: log}
	invites := &invitedrop.Importer{DB: db, Dir: invitedrop.Dir(dataDir), Log: log, UnitOf: func(phone string) string {
		p, _ := cfg.Roster.Lookup(phone)
		return p.Unit
	}}
	bgCtx, stopBG := context.WithCancel(ctx)
	var bg sync.WaitGroup
	bg.Go(func() { hk.Run(bgCtx) })
	bg.Go(func() { invites.Run(bgCtx) })
	defer func() { stopBG(); bg.Wait() }() // before the store closes
	if err := chans.run(ctx); err != nil {
		return err
	}
	log.Info("fieldbot stopped")
	return nil
}

// digestJobs are the scheduled jobs' work: digests, reminders, corrections.
func digestJobs(cfg *config.Config, db *store.DB, ledger *progress.Ledger, lang locale.Lang, log *slog.Logger) *digest.Jobs {
	form, _ := cfg.Form(cfg.Indicators[0].Form)
	var groups []digest.Address
	for _, c := range cfg.Digest.Chats {
		groups = append(groups, digest.Address{Channel: bot.Channel, Chat: strconv.FormatInt(c, 10)})
	}
	return &digest.Jobs{
		Config: &digest.Config{
			Tree: cfg.Tree, Roster: cfg.Roster, Calendar: cfg.Calendar, Forms: cfg.Forms, Form: *form,
			Lang: lang, Progress: ledger, Excel: cfg.Digest.Excel,
		},
		DB: db, Groups: groups, Holidays: cfg.Holidays, Log: log,
	}
}

// schedule validates the schedules (again, under recover: the cron
// library panics on some specs) and returns the scheduler of the jobs.
// Without indicators there is nothing to digest or remind about.
// Nightly copies go to backups: the sandbox's own folder in the sandbox,
// never the production data_dir/backups.
func schedule(cfg *config.Config, db *store.DB, ledger *progress.Ledger, backups string, jobs *digest.Jobs, env Env, watch *metrics.Metrics, log *slog.Logger) (*scheduler.Scheduler, error) {
	list := []scheduler.Job{{Name: "housekeeping", Spec: "23 3 * * *", Run: func(context.Context, scheduler.Run) error {
		now := env.now()
		if ledger != nil {
			// What a query about an older year read stays only until
			// tonight.
			ledger.Keep(progress.KeepFrom(cfg.Calendar, now))
		}
		return housekeeping(db, backups, now, log)
	}}}
	if jobs != nil {
		list = append(list, []scheduler.Job{
			{Name: digest.JobDigest, Spec: cfg.Digest.Schedule, Run: jobs.Digest},
			{Name: digest.JobRemind, Spec: cfg.Reminders.Schedule, Run: jobs.Remind},
			{Name: digest.JobEscalate, Spec: cfg.Reminders.Escalate, Run: jobs.Escalate},
		}...)
	}
	s, err := scheduler.New(scheduler.Options{
		Location: cfg.Calendar.Location, Grace: cfg.Digest.Grace, Now: env.now, Record: db, Log: log,
		Observe: watch.Ran,
	}, list...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	return s, nil // Start logs each job's next run
}

// settleDirectory puts in force the roster and targets the store settles
// on: the files when they changed since last applied, else what was
// confirmed in chat since (store.Settle).
func settleDirectory(cfg *config.Config, db *store.DB, log *slog.Logger) error {
	s, err := db.Settle(cfg.Roster.People(), cfg.Targets)
	if err != nil {
		return err
	}
	if err := cfg.Roster.Replace(s.People); err != nil {
		return fmt.Errorf("the stored roster: %w", err)
	}
	cfg.Targets = s.Targets
	from := func(file bool, by string) string {
		switch {
		case file:
			return "the files"
		case by != "":
			return "confirmed in chat by " + by
		}
		return "stored (the files are unchanged)"
	}
	unknown := 0
	for _, p := range s.People {
		if _, ok := cfg.Tree.Unit(p.Unit); !ok {
			unknown++
		}
	}
	log.Info("roster and targets in force", "people", len(s.People), "people_from", from(s.RosterFromFile, s.RosterBy),
		"targets", len(s.Targets), "targets_from", from(s.TargetsFromFile, s.TargetsBy))
	if unknown > 0 {
		log.Warn("people of units no longer in the config are left out of every figure", "count", unknown)
	}
	return nil
}

// applyImport puts a committed roster or targets import in force: the
// roster everyone holds, and the ledger's officers and targets.
func applyImport(cfg *config.Config, ledger *progress.Ledger, imp *conversation.Import, log *slog.Logger) {
	switch imp.Kind {
	case conversation.SheetRoster:
		if err := cfg.Roster.Replace(imp.People); err != nil {
			log.Error("the imported roster could not be put in force; it is stored and applies at the next start", "err", err)
			return
		}
		if ledger != nil {
			ledger.SetRoster(cfg.Roster)
		}
	case conversation.SheetTargets:
		if ledger != nil {
			ledger.SetTargets(imp.Targets)
		}
	}
	log.Info("import in force", "kind", imp.Kind, "changes", len(imp.Changes))
}

// checks pairs each compiled form rule with its message.
func checks(cfg *config.Config) map[string][]conversation.Check {
	out := map[string][]conversation.Check{}
	for _, f := range cfg.Forms {
		for i, c := range f.Checks {
			out[f.ID] = append(out[f.ID], conversation.Check{Rule: cfg.Checks[f.ID][i], Message: c.Message})
		}
	}
	return out
}

// loadLedger builds the in-memory figures from the stored submissions of
// the indicators' form: the statistical years a query at now needs
// (progress.KeepFrom); an older one is read when a query asks for it.
func loadLedger(cfg *config.Config, db *store.DB, now time.Time) (*progress.Ledger, error) {
	if len(cfg.Indicators) == 0 {
		return nil, nil
	}
	form, ok := cfg.Form(cfg.Indicators[0].Form)
	if !ok {
		return nil, fmt.Errorf("indicator form %q not found", cfg.Indicators[0].Form)
	}
	var ledger *progress.Ledger
	ledger = progress.NewLedger(progress.Config{
		Tree: cfg.Tree, Roster: cfg.Roster, Form: form, Indicators: cfg.Indicators,
		Formulas: cfg.Formulas, Targets: cfg.Targets, Calendar: cfg.Calendar,
		From: progress.KeepFrom(cfg.Calendar, now),
		Load: func(from string, add func(*progress.Stored) error) error {
			var row progress.Stored
			return db.LatestRows(form.ID, from, ledger.Fields(), func(r *store.LatestRow) error {
				row = progress.Stored{Period: r.Period, Unit: r.Unit, Phone: r.Phone, Revision: r.Revision, At: r.At, Values: r.Values}
				return add(&row)
			})
		},
	})
	return ledger, ledger.Load()
}

// Charts and spreadsheets are kept a month (every message that refers to
// one has long been sent by then); send records a quarter (a correction
// notice needs to know who got a period's digest, a digest who was
// reminded and what the previous digest said).
const (
	keepFiles = 30 * 24 * time.Hour
	keepSent  = 92 * 24 * time.Hour
)

// housekeeping forgets what is no longer needed, nightly at 03:23.
func housekeeping(db *store.DB, backups string, now time.Time, log *slog.Logger) error {
	if err := backup(db, backups, now, log); err != nil {
		log.Error("nightly backup failed", "dir", backups, "err", err) // pruning goes on
	}
	files, err := db.PruneFiles(now.Add(-keepFiles))
	if err != nil {
		return err
	}
	sent, err := db.PruneSent(now.Add(-keepSent))
	if err != nil {
		return err
	}
	if files+sent > 0 {
		log.Info("housekeeping", "files", files, "send_records", sent)
	}
	// The day's reads (history, exports of older years) need not stay
	// resident until the next restart.
	return db.Unmapped()
}
