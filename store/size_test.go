package store_test

import (
	"os"
	"testing"
)

// Size is the file's size as the disk sees it (bbolt allocates ahead).
func TestSize(t *testing.T) {
	db, path := tempDB(t)
	got, err := db.Size()
	fi, _ := os.Stat(path)
	if err != nil || got <= 0 || got != fi.Size() {
		t.Fatalf("Size = %d, %v; want the file's %d", got, err, fi.Size())
	}
}
