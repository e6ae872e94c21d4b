package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

func TestBackup(t *testing.T) {
	db, path := tempDB(t)
	for i := range 20 {
		update(t, db, func(tx *store.Tx) error { return tx.PutChatState("telegram", fmt.Sprint(i), []byte("before")) })
	}
	// Writers keep going during the backup; it must still be one snapshot.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", fmt.Sprint("new", i), []byte("during")) })
		}
	})
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("Backup = %d, %v; wrote %d", n, err, buf.Len())
	}
	file := filepath.Join(filepath.Dir(path), "backups", "fieldbot.db")
	if _, err := db.BackupFile(file); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()

	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{copyPath, file} {
		cp := open(t, p)
		states, err := cp.ChatStates("telegram")
		cp.Close()
		if err != nil || len(states) < 20 || string(states["7"]) != "before" {
			t.Errorf("backup %s: %d chat states, %v", p, len(states), err)
		}
	}
	if fi, err := os.Stat(file); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode = %v; want 0600", fi.Mode())
	}
	if tmp, _ := filepath.Glob(file + ".*"); len(tmp) != 0 {
		t.Errorf("temporary files left behind: %v", tmp)
	}
}
