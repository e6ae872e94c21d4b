package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/fieldbot/fieldbot"
)

// The roster and the targets in force live in the meta bucket, so that one
// confirmed in chat survives a restart. The roster file and the config's
// [[targets]] are applied at a start only when they changed since they
// were last applied (their digests are kept beside them): an office can
// keep editing the files, and what was confirmed in chat is not undone by
// a restart that changed neither.
var (
	keyRoster  = []byte("roster")
	keyTargets = []byte("targets")
)

// RosterRecord is the roster in force and where it came from.
type RosterRecord struct {
	People []fieldbot.Person `json:"people"`
	// File is the digest of the roster file as last applied; "" when the
	// file was never applied.
	File    string    `json:"file,omitempty"`
	Updated time.Time `json:"updated"`
	By      string    `json:"by,omitempty"` // the phone of who confirmed it in chat; "" for the file
}

// TargetsRecord is the targets in force and where they came from.
type TargetsRecord struct {
	Targets []fieldbot.Target `json:"targets"`
	File    string            `json:"file,omitempty"` // digest of the config's [[targets]] as last applied
	Updated time.Time         `json:"updated"`
	By      string            `json:"by,omitempty"`
}

// Roster returns the roster in force, if one was ever stored.
func (tx *Tx) Roster() (RosterRecord, bool, error) {
	var r RosterRecord
	ok, err := get(tx.tx.Bucket(bucketMeta), keyRoster, &r)
	return r, ok, err
}

// PutRoster stores the roster in force.
func (tx *Tx) PutRoster(r RosterRecord) error {
	if r.Updated.IsZero() {
		r.Updated = tx.now
	}
	return put(tx.tx.Bucket(bucketMeta), keyRoster, r)
}

// Targets returns the targets in force, if they were ever stored.
func (tx *Tx) Targets() (TargetsRecord, bool, error) {
	var r TargetsRecord
	ok, err := get(tx.tx.Bucket(bucketMeta), keyTargets, &r)
	return r, ok, err
}

// PutTargets stores the targets in force.
func (tx *Tx) PutTargets(r TargetsRecord) error {
	if r.Updated.IsZero() {
		r.Updated = tx.now
	}
	return put(tx.tx.Bucket(bucketMeta), keyTargets, r)
}

// Settled says what a start decided: the roster and targets in force, and
// whether each came from the files just now (a first start, or a file
// changed since it was last applied) or from what was stored.
type Settled struct {
	People              []fieldbot.Person
	Targets             []fieldbot.Target
	RosterFromFile      bool
	TargetsFromFile     bool
	RosterBy, TargetsBy string // who confirmed the stored ones in chat
}

// Settle decides, at a start, the roster and the targets in force: each of
// the files (the roster file's people, the config's [[targets]]) is
// applied when it changed since it was last applied, or was never
// applied; otherwise what is stored — which may have been confirmed in
// chat since — stays in force.
func (db *DB) Settle(people []fieldbot.Person, targets []fieldbot.Target) (Settled, error) {
	var out Settled
	err := db.update(func(tx *Tx) error {
		s, r, t, err := pending(tx, people, targets)
		if err != nil {
			return err
		}
		if s.RosterFromFile {
			r = RosterRecord{People: people, File: digestOf(people)}
			if err := tx.PutRoster(r); err != nil {
				return err
			}
		}
		if s.TargetsFromFile {
			t = TargetsRecord{Targets: targets, File: digestOf(targets)}
			if err := tx.PutTargets(t); err != nil {
				return err
			}
		}
		s.People, s.RosterBy, s.Targets, s.TargetsBy = r.People, r.By, t.Targets, t.By
		out = s
		return nil
	})
	return out, err
}

// digestOf is a short digest of v's JSON: the same list, the same digest.
func digestOf(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Pending says, without changing anything, what Settle would decide for
// these files, with the records in force now: check-config reports it.
func (db *DB) Pending(people []fieldbot.Person, targets []fieldbot.Target) (Settled, RosterRecord, TargetsRecord, error) {
	var out Settled
	var r RosterRecord
	var t TargetsRecord
	err := db.View(func(tx *Tx) error {
		var err error
		out, r, t, err = pending(tx, people, targets)
		return err
	})
	return out, r, t, err
}

// pending is the one decision of Settle and Pending: each file is applied
// when it was never applied or changed since.
func pending(tx *Tx, people []fieldbot.Person, targets []fieldbot.Target) (Settled, RosterRecord, TargetsRecord, error) {
	var out Settled
	r, ok, err := tx.Roster()
	if err != nil {
		return out, r, TargetsRecord{}, err
	}
	out.RosterFromFile = !ok || r.File != digestOf(people)
	t, ok, err := tx.Targets()
	if err != nil {
		return out, r, t, err
	}
	out.TargetsFromFile = !ok || t.File != digestOf(targets)
	return out, r, t, nil
}
