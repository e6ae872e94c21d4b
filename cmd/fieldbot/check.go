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
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: OK — %d units, %d people, %d forms, %d indicators, %d targets\n",
		cfg.Path, len(cfg.Tree.Units()), len(cfg.Roster.People()), len(cfg.Forms), len(cfg.Indicators), len(cfg.Targets))
	return nil
}
