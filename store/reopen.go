package store

import (
	"time"

	"github.com/fieldbot/fieldbot"
)

// reopenRecord is a reopening on disk; the JSON names are those of the first
// layout, which stored fieldbot.Reopening as is.
type reopenRecord struct {
	Until time.Time `json:"Until"`
	By    string    `json:"By"`
}

// Reopen records that an administrator reopened a closed period for a unit,
// replacing an earlier reopening of it.
func (tx *Tx) Reopen(r fieldbot.Reopening) error {
	if err := checkParts("reopen", r.Form, r.Period, r.Unit); err != nil {
		return err
	}
	return put(tx.tx.Bucket(bucketReopened), join(r.Form, r.Period, r.Unit), reopenRecord{Until: r.Until, By: r.By})
}

// Reopened returns until when a period is reopened for a unit.
func (tx *Tx) Reopened(form, period, unit string) (time.Time, bool, error) {
	var r reopenRecord
	ok, err := get(tx.tx.Bucket(bucketReopened), join(form, period, unit), &r)
	return r.Until, ok, err
}
