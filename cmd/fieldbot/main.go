// Command fieldbot runs the bot and its maintenance commands:
//
//	fieldbot [run] -config config.toml     the bot (the sandbox without a token)
//	fieldbot export -config FILE -form ID -o out.csv
//	fieldbot check-config -config FILE
//
// main only handles signals; Main parses the command line and wires the
// packages together, so end-to-end tests run exactly what production runs.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}))
}
