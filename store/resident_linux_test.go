package store

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rssFileKiB is this process's file-backed resident memory.
func rssFileKiB(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

func TestUnmappedGivesBackWhatWasRead(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	value := bytes.Repeat([]byte("x"), 3000)
	err = db.Update(context.Background(), func(tx *Tx) error {
		b, err := tx.tx.CreateBucketIfNotExists([]byte("bulk"))
		if err != nil {
			return err
		}
		for i := range 8000 { // ≈ 24 MB
			if err := b.Put([]byte(strconv.Itoa(i)), value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() int {
		n := 0
		db.bolt.View(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("bulk")).ForEach(func(k, v []byte) error { n += int(v[len(v)-1]); return nil })
		})
		return n
	}
	want := read()
	before := rssFileKiB(t)
	if err := db.Unmapped(); err != nil {
		t.Fatal(err)
	}
	after := rssFileKiB(t)
	if before-after < 12<<10 {
		t.Errorf("RssFile went from %d to %d kB; want at least 12 MiB less after reading 24 MB", before, after)
	}
	if got := read(); got != want {
		t.Errorf("after Unmapped the data reads %d; want %d", got, want)
	}
}
