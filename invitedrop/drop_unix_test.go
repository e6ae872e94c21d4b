//go:build unix

package invitedrop_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/invitedrop"
)

// A pipe named like an invitation is moved aside, not waited on.
func TestPipeIsMovedAside(t *testing.T) {
	r := newRig(t)
	dir := invitedrop.Dir(r.data)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "0001-pipe.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.drop(t, "GOOD5555", invite(72*time.Hour))
	if n, err := r.im.Once(context.Background()); err != nil || n != 1 {
		t.Fatalf("Once = %d, %v; want the good file imported", n, err)
	}
	if got := r.files(t, invitedrop.Rejected); len(got) != 1 {
		t.Errorf("rejected/ holds %v; want the pipe", got)
	}
}
