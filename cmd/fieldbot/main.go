// Command fieldbot runs the bot and its maintenance commands:
//
//	fieldbot [run] -config config.toml     the bot (a token is needed)
//	fieldbot sandbox [-config FILE]        the bot against built-in fakes, demo data apart
//	fieldbot export -config FILE -form ID -o out.csv
//	fieldbot check-config -config FILE
//	fieldbot invite -config FILE -phone P
//	fieldbot backup -config FILE -o FILE
//	fieldbot restore -config FILE COPY
//	fieldbot version
//
// main only handles signals; Main parses the command line and wires the
// packages together, so end-to-end tests run exactly what production runs.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/fieldbot/fieldbot/outbound"
)

// noSendLimits, when set at link time (-ldflags "-X main.noSendLimits=yes"),
// lifts the channels' flood limits so that the steady-load tool measures
// the bot rather than the limiter. No release build sets it, and no
// setting or environment variable can. Such a load-test build also writes
// a CPU profile of its run to the file named by FIELDBOT_CPUPROFILE, if set,
// and its allocations to that name followed by ".allocs".
var noSendLimits string

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}
	if noSendLimits != "" {
		env.sendLimits = &outbound.Limits{}
		os.Stderr.WriteString("fieldbot: LOAD-TEST BUILD: flood limits are lifted; never run this binary against a real channel\n")
		if path := os.Getenv("FIELDBOT_CPUPROFILE"); path != "" {
			if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
				code := Main(ctx, os.Args[1:], env)
				pprof.StopCPUProfile()
				f.Close()
				if h, err := os.Create(path + ".allocs"); err == nil {
					pprof.Lookup("allocs").WriteTo(h, 0)
					h.Close()
				}
				os.Exit(code)
			}
		}
	}
	os.Exit(Main(ctx, os.Args[1:], env))
}
