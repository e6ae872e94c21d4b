package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/fieldbot/fieldbot/outbound"
	"io"
	"os"
	"time"

	"github.com/fieldbot/fieldbot/config"
)

// Env is the outside world a command sees.
type Env struct {
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock; nil means the wall clock.
	Now func() time.Time
	// sendLimits replaces Telegram's flood limits; the load benchmark
	// lifts them to measure the bot rather than the limiter.
	sendLimits *outbound.Limits
	// sweepEvery is how often idle forms are looked for (0: a minute);
	// tests make it short.
	sweepEvery time.Duration
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the command ran and failed
	exitUsage  = 2 // bad command line or bad config
)

const usage = `fieldbot — weekly field reports by chat

usage:
  fieldbot [run] -config FILE             run the bot (a token is needed: FIELDBOT_TELEGRAM_TOKEN
                                          or FIELDBOT_ZALO_TOKEN, or token in the file)
  fieldbot sandbox [-config FILE]         the sandbox: the bot against a built-in fake Telegram and
                                          Zalo, with demo data kept in data_dir/sandbox
  fieldbot                                with no config at all: the sandbox on config.example.toml
  fieldbot export -config FILE -form ID [-o out.csv] [-db data/backups/fieldbot-2026-11-27.db]
  fieldbot check-config -config FILE      validate the config and the roster
  fieldbot invite -config FILE -phone P [-qr FILE.png]
                                          a one-time code that links P's Zalo or Telegram
                                          account (works while the bot runs); with Telegram,
                                          its t.me link too, and -qr writes the link's QR image
  fieldbot backup -config FILE -o FILE    a checked, consistent copy of the database (works while
                                          the bot runs: the bot writes it)
  fieldbot restore -config FILE COPY      put a checked copy in place of the database (bot stopped);
                                          the database it replaces is kept beside it
  fieldbot version                        the release, Go version and commit

-config defaults to $FIELDBOT_CONFIG, then config.toml, then config.example.toml.
`

// Main runs one command and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	cmd := "run"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "run":
		err = runCommand(ctx, args, env, false)
	case "sandbox":
		err = runCommand(ctx, args, env, true)
	case "export":
		err = exportCommand(args, env)
	case "check-config":
		err = checkConfigCommand(args, env)
	case "invite":
		err = inviteCommand(ctx, args, env)
	case "backup":
		err = backupCommand(ctx, args, env)
	case "restore":
		err = restoreCommand(args, env)
	case "version":
		err = versionCommand(env)
	case "help":
		fmt.Fprint(env.Stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(env.Stderr, "fieldbot: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	var problems config.Problems
	var usageErr usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &problems):
		fmt.Fprintf(env.Stderr, "fieldbot: the configuration has %d problem(s):\n%s\n", len(problems), problems.Error())
		return exitUsage
	case errors.As(err, &usageErr):
		fmt.Fprintf(env.Stderr, "fieldbot: %v\n\n%s", err, usage)
		return exitUsage
	}
	fmt.Fprintf(env.Stderr, "fieldbot: %v\n", err)
	return exitFailed
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flags returns a flag set with the -config flag every command takes.
func flags(name string, env Env, configPath *string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	def := env.Getenv("FIELDBOT_CONFIG")
	if def == "" {
		def = "config.toml"
		// A fresh clone has only the example: `go run ./cmd/fieldbot`
		// then starts the sandbox with it.
		if _, err := os.Stat(def); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Stat(exampleConfig); err == nil {
				def = exampleConfig
			}
		}
	}
	fs.StringVar(configPath, "config", def, "the TOML config file (env FIELDBOT_CONFIG)")
	return fs
}

func loadConfig(path string, env Env) (*config.Config, error) {
	return config.Load(path, env.Getenv)
}

// exampleConfig is the config a fresh clone has: with neither -config nor
// FIELDBOT_CONFIG, and no config.toml here, `fieldbot` runs the sandbox
// on it.
const exampleConfig = "config.example.toml"

// sandboxByDefault reports whether fs's command runs on the example config
// only because no config was named at all (neither -config nor
// FIELDBOT_CONFIG, and no config.toml in the working directory).
func sandboxByDefault(fs *flag.FlagSet, env Env) bool {
	named := env.Getenv("FIELDBOT_CONFIG") != ""
	fs.Visit(func(f *flag.Flag) { named = named || f.Name == "config" })
	return !named && fs.Lookup("config").Value.String() == exampleConfig
}

// hasChannel reports whether cfg configures Telegram or Zalo, in the file
// or in the environment (config.Load applied both).
func hasChannel(cfg *config.Config) bool { return cfg.Telegram.Token != "" || cfg.Zalo.Token != "" }

// noChannel is why `run` (and so check-config) refuses a config named on
// purpose that has no token: a production config whose token variable is
// misspelled must not quietly become a sandbox holding the real roster.
func noChannel(path string) config.Problems {
	return config.Problems{{File: path, Message: fmt.Sprintf("no Telegram or Zalo token: neither [telegram] token nor [zalo] token is set, "+
		"and neither %s nor %s is in the environment (check the spelling in the service's environment file). "+
		"To try the bot without a channel, start the sandbox on purpose: fieldbot sandbox -config %s",
		config.TokenEnv, config.ZaloTokenEnv, path)}}
}
