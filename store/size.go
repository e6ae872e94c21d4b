package store

import "os"

// Size is how many bytes the database file takes, for watching the disk
// (metrics). bbolt grows its file in steps and never shrinks it; space
// freed inside is reused.
func (db *DB) Size() (int64, error) {
	fi, err := os.Stat(db.path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
