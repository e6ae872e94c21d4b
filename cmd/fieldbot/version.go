package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, stamped at link time by `make release`
// (-ldflags "-X main.version=v1.2.3"); a plain `go build` says "dev".
// `fieldbot version` prints it, the start-up log and /healthz carry it.
var version = "dev"

// revision is the commit, stamped at link time by `make release`
// (-X main.revision=…), which works even where the toolchain does not
// record it (GOFLAGS=-buildvcs=false, a tarball).
var revision string

// commit is the revision the binary was built from: the stamped one, else
// as the Go toolchain recorded it with "+dirty" when the tree had
// uncommitted changes, else "".
func commit() string {
	if revision != "" {
		return revision
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}

// versionCommand prints the release, the Go version it was built with,
// the platform and the commit:
//
//	fieldbot v1.2.3 (go1.26.0, linux/arm64, commit 0eb631a2c4d1)
func versionCommand(env Env) error {
	extra := ""
	if c := commit(); c != "" {
		extra = ", commit " + c
	}
	_, err := fmt.Fprintf(env.Stdout, "fieldbot %s (%s, %s/%s%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH, extra)
	return err
}
