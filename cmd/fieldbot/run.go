package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/invitedrop"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/scheduler"
	"github.com/fieldbot/fieldbot/store"
)

func runCommand(ctx context.Context, args []string, env Env) error {
	var path string
	fs := flags("run", env, &path)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	dataDir := dataDirOf(cfg)
	var rig *sandboxRig
	if cfg.Telegram.Token == "" && cfg.Zalo.Token == "" {
		// No channel configured: run the real bot against an in-process fake
		// Telegram and serve a page to chat with it. Its data stays apart.
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
	if rig != nil {
		if err := rig.seed(ctx, cfg, db, env.now()); err != nil {
			return err
		}
	}

	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	ledger, err := loadLedger(cfg, db)
	if err != nil {
		return err
	}
	convCfg := conversation.Config{
		Forms: cfg.Forms, Checks: checks(cfg), Tree: cfg.Tree, Roster: cfg.Roster,
		Calendar: cfg.Calendar, Lang: lang, IdleTimeout: cfg.IdleTimeout, Indicators: cfg.Indicators,
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
	rl.Engine = conversation.New(convCfg)
	chans, err := channels(ctx, cfg, db, rl, lang, env, log)
	if err != nil {
		return err
	}
	sched, err := schedule(cfg, db, jobs, env, log)
	if err != nil {
		return err
	}
	if jobs != nil {
		jobs.Kick = chans.kick
	}
	if rig != nil {
		if err := rig.serve(ctx, cfg, db, sched, env); err != nil {
			return err
		}
	} else {
		serveHealth(ctx, cfg.HTTP.Listen, healthHandler(db, chans, env.now(), env.now), log)
	}
	log.Info("fieldbot is running", "channels", chans.names(), "data", db.Path())
	go sched.Start(ctx) // its catch-up may take a while; the bots answer meanwhile
	defer sched.Stop()
	// One housekeeper for the whole store, whichever channels run: idle
	// forms end (with a notice on their own channel), the inbox is pruned.
	// Beside it, invitations from the command line are imported.
	hk := &relay.Housekeeping{Relay: rl, Channels: chans.names(), Kick: chans.kick, Every: env.sweepEvery, Log: log}
	invites := &invitedrop.Importer{DB: db, Dir: invitedrop.Dir(dataDir), Log: log}
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
func schedule(cfg *config.Config, db *store.DB, jobs *digest.Jobs, env Env, log *slog.Logger) (*scheduler.Scheduler, error) {
	list := []scheduler.Job{{Name: "housekeeping", Spec: "23 3 * * *", Run: func(context.Context, scheduler.Run) error {
		return housekeeping(db, backupDir(dataDirOf(cfg)), env.now(), log)
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
	}, list...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	return s, nil // Start logs each job's next run
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

// loadLedger builds the in-memory figures from every stored submission of
// the indicators' form; nil when no indicator is configured.
func loadLedger(cfg *config.Config, db *store.DB) (*progress.Ledger, error) {
	if len(cfg.Indicators) == 0 {
		return nil, nil
	}
	form, ok := cfg.Form(cfg.Indicators[0].Form)
	if !ok {
		return nil, fmt.Errorf("indicator form %q not found", cfg.Indicators[0].Form)
	}
	ledger := progress.NewLedger(progress.Config{
		Tree: cfg.Tree, Roster: cfg.Roster, Form: form, Indicators: cfg.Indicators,
		Formulas: cfg.Formulas, Targets: cfg.Targets, Calendar: cfg.Calendar,
	})
	err := db.LatestSubmissions(form.ID, func(s fieldbot.Submission) error {
		ledger.Add(s)
		return nil
	})
	return ledger, err
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
	return nil
}
