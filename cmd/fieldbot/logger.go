package main

import (
	"log/slog"

	"github.com/fieldbot/fieldbot/config"
)

// newLogger is the bot's logger on standard error: key=value lines, or
// with [log] format = "json" one JSON object per line for a collector.
func newLogger(c config.Log, env Env) *slog.Logger {
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, nil))
}
