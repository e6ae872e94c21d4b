package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/relay"
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
	if cfg.Telegram.Token == "" {
		return errors.New("no Telegram bot token: set [telegram] token in " + cfg.Path +
			" or the FIELDBOT_TELEGRAM_TOKEN environment variable (ask @BotFather for one)")
	}
	db, err := openStore(cfg.DataDir, env)
	if err != nil {
		return err
	}
	defer db.Close()

	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	engine := conversation.New(conversation.Config{
		Forms: cfg.Forms, Checks: checks(cfg), Tree: cfg.Tree, Roster: cfg.Roster,
		Calendar: cfg.Calendar, Lang: lang, IdleTimeout: cfg.IdleTimeout,
	})
	rl := &relay.Relay{DB: db, Engine: engine, Roster: cfg.Roster, Lang: lang, Now: env.now, Log: log}
	tg, err := bot.New(ctx, bot.Options{
		Token: cfg.Telegram.Token, APIURL: cfg.Telegram.APIURL, DB: db, Relay: rl, Log: log,
		Commands: menus(),
	})
	if err != nil {
		return err
	}
	log.Info("fieldbot is running", "bot", "@"+tg.Username(), "data", db.Path())
	if err := tg.Run(ctx); err != nil {
		return fmt.Errorf("telegram: %w", err)
	}
	log.Info("fieldbot stopped")
	return nil
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

// menus is the command menu: Vietnamese aliases with Vietnamese
// descriptions by default, English names for English clients.
func menus() map[string][]bot.Command {
	vi, en := locale.New(locale.VI), locale.New(locale.EN)
	out := map[string][]bot.Command{}
	for _, c := range conversation.Commands {
		if c.Admin {
			continue
		}
		name := c.Alias
		if name == "" {
			name = string(c.Name)
		}
		out[""] = append(out[""], bot.Command{Name: name, Description: vi.T(c.Key)})
		out["en"] = append(out["en"], bot.Command{Name: string(c.Name), Description: en.T(c.Key)})
	}
	return out
}
