//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// Unmapped does nothing where the kernel is not Linux.
func (db *DB) Unmapped() error { return nil }

func unmapped(*bolt.DB) error { return nil }

func dropPages([]byte) {}

func dropMapped(*bolt.DB, *bolt.Tx) error { return nil }
