package main

import (
	"fmt"
)

func checkConfigCommand(args []string, env Env) error {
	var path string
	fs := flags("check-config", env, &path)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The environment is read exactly as `run` reads it (config.Load), and
	// what run would refuse is refused here.
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	sandbox := false
	if !hasChannel(cfg) {
		if !sandboxByDefault(fs, env) {
			return noChannel(path)
		}
		sandbox = true
	}
	fmt.Fprintf(env.Stdout, "%s: OK — %d units, %d people, %d forms, %d indicators, %d targets\n",
		cfg.Path, len(cfg.Tree.Units()), len(cfg.Roster.People()), len(cfg.Forms), len(cfg.Indicators), len(cfg.Targets))
	if sandbox {
		fmt.Fprintln(env.Stdout, "No token and no config named: `fieldbot` runs this as the sandbox.")
	}
	return nil
}
