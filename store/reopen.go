package store

import (
	"time"

	"github.com/fieldbot/fieldbot"
)

var bucketReopened = []byte("reopened") // form\x00period\x00unit → Reopening

// Reopen records that an administrator reopened a closed period for a unit.
func (tx *Tx) Reopen(r fieldbot.Reopening) error {
	b, err := tx.tx.CreateBucketIfNotExists(bucketReopened)
	if err != nil {
		return err
	}
	return put(b, join(r.Form, r.Period, r.Unit), r)
}

// Reopened returns until when a period is reopened for a unit.
func (tx *Tx) Reopened(form, period, unit string) (time.Time, bool, error) {
	b := tx.tx.Bucket(bucketReopened)
	if b == nil {
		return time.Time{}, false, nil
	}
	var r fieldbot.Reopening
	ok, err := get(b, join(form, period, unit), &r)
	return r.Until, ok, err
}
