package store

import (
	"syscall"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Unmapped lets the kernel take back the pages of the file this process
// has read through bbolt's memory map, which count in its resident memory
// (RssFile) for as long as they stay mapped: loading this year's and last
// year's reports at start reads ≈ 40 % of a five-year national file, and
// the process would keep looking that much bigger. The pages stay in the
// page cache; a later read maps them back without going to disk. Nothing
// is lost: bbolt writes through the file, never through the map.
//
// It runs inside a read transaction, which keeps bbolt from remapping
// the file meanwhile.
func (db *DB) Unmapped() error { return unmapped(db.bolt) }

func unmapped(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error { return dropMapped(db, tx) })
}

// dropMapped is Unmapped inside tx, a transaction of db that is open (it
// keeps the map where it is).
func dropMapped(db *bolt.DB, tx *bolt.Tx) error {
	addr, size := db.Info().Data, uintptr(tx.Size())
	if addr == 0 || size == 0 {
		return nil
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, size, syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}

// dropPages lets the kernel take back the mapped pages under v, a value
// read in a transaction that is still open (so still mapped). Attachments
// are read once, to be sent: a national digest run reads ≈ 100 MB of
// them, which would otherwise stay in the process's resident memory.
func dropPages(v []byte) {
	if uintptr(len(v)) < 2*pageSize {
		return // shares its pages with other values; not worth a call
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	end := start + uintptr(len(v))
	start = (start + pageSize - 1) &^ (pageSize - 1) // whole pages of v only
	end &^= pageSize - 1
	if end > start {
		syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_DONTNEED)
	}
}

var pageSize = uintptr(syscall.Getpagesize())
