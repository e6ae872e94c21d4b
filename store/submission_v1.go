package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// Schema version 1 kept submissions nested, a bucket of revisions per
// submission:
//
//	submissions form/ → period\x00unit\x00phone/ → revision uint32 → submissionRecord (JSON)
//
// Open moves such a file to the flat layout (migrateRevisions). The
// readers here serve a version 1 file opened read-only — an older
// nightly copy being checked, exported or restored — which is never
// migrated.

var bucketSubmissions = []byte("submissions")

// submissionRecord is a version 1 revision. The identity (form, period,
// unit, phone, revision) is in the keys, not repeated here. The JSON
// names are those of the first layout, which stored fieldbot.Submission
// as is.
type submissionRecord struct {
	SubmittedAt time.Time        `json:"SubmittedAt"`
	SubmittedBy string           `json:"SubmittedBy,omitempty"`
	Via         string           `json:"Via,omitempty"` // the channel account; absent before it was recorded
	Answers     fieldbot.Answers `json:"Answers"`
}

// v1Bucket returns the revisions bucket of k in a version 1 file, or nil.
func v1Bucket(tx *bolt.Tx, k fieldbot.SubmissionKey) *bolt.Bucket {
	all := tx.Bucket(bucketSubmissions)
	if all == nil {
		return nil
	}
	form := all.Bucket([]byte(k.Form))
	if form == nil {
		return nil
	}
	return form.Bucket(submissionKey(k))
}

func v1Latest(tx *bolt.Tx, k fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) {
	revs := v1Bucket(tx, k)
	if revs == nil {
		return fieldbot.Submission{}, false, nil
	}
	return v1LatestIn(k, revs)
}

func v1LatestIn(k fieldbot.SubmissionKey, revs *bolt.Bucket) (fieldbot.Submission, bool, error) {
	rk, v := revs.Cursor().Last()
	if rk == nil {
		return fieldbot.Submission{}, false, nil
	}
	s, err := v1Decode(k, rk, v)
	return s, err == nil, err
}

func v1Decode(k fieldbot.SubmissionKey, revKey, v []byte) (fieldbot.Submission, error) {
	var r submissionRecord
	if err := decode(v, &r); err != nil {
		return fieldbot.Submission{}, err
	}
	if len(revKey) != 4 {
		return fieldbot.Submission{}, fmt.Errorf("store: submission %s/%s/%s/%s: revision key of %d bytes", k.Form, k.Period, k.Unit, k.Phone, len(revKey))
	}
	if r.Answers == nil {
		r.Answers = fieldbot.Answers{}
	}
	return fieldbot.Submission{
		Form: k.Form, Period: k.Period, Unit: k.Unit, Phone: k.Phone,
		Revision:    int(binary.BigEndian.Uint32(revKey)),
		SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Via: r.Via, Answers: r.Answers,
	}, nil
}

func v1Revisions(tx *bolt.Tx, k fieldbot.SubmissionKey) ([]fieldbot.Submission, error) {
	revs := v1Bucket(tx, k)
	if revs == nil {
		return nil, nil
	}
	var out []fieldbot.Submission
	err := revs.ForEach(func(rk, v []byte) error {
		s, err := v1Decode(k, rk, v)
		out = append(out, s)
		return err
	})
	return out, err
}

// v1Keys calls fn with every submission of form in a version 1 file whose
// key starts with p, and its revisions bucket.
func v1Keys(b *bolt.Bucket, form string, p []byte, fn func(fieldbot.SubmissionKey, *bolt.Bucket) error) error {
	c := b.Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		revs := b.Bucket(k)
		if revs == nil {
			continue
		}
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			continue
		}
		if err := fn(fieldbot.SubmissionKey{Form: form, Period: string(parts[0]), Unit: string(parts[1]), Phone: string(parts[2])}, revs); err != nil {
			return err
		}
	}
	return nil
}

func v1Scan(tx *bolt.Tx, form string, p []byte, fn func(fieldbot.Submission) error) error {
	all := tx.Bucket(bucketSubmissions)
	if all == nil {
		return nil
	}
	b := all.Bucket([]byte(form))
	if b == nil {
		return nil
	}
	return v1Keys(b, form, p, func(key fieldbot.SubmissionKey, revs *bolt.Bucket) error {
		s, ok, err := v1LatestIn(key, revs)
		if err != nil || !ok {
			return err
		}
		return fn(s)
	})
}

// migrateRevisions moves version 1's nested submissions to the flat
// layout within the transaction that opens the file: every revision is
// written under its new key (in key order, so pages are packed full),
// then the old bucket is deleted, so a crash leaves the file as it was.
// A revision is copied as it reads — the same identity, time, people and
// answers — and none is dropped: an unreadable record fails the
// migration and the file stays at version 1.
//
// One transaction holds the whole rewrite in memory: 110,000 revisions
// (10,000 officers × 10 weeks) took ≈ 2 s and ≈ 150 MiB of heap on the
// shared 2-core VM, fine for an office's file. A bigger file is migrated
// by copy in bounded transactions instead (migrate_copy.go). The old
// pages become free space that later revisions reuse; the file does not
// shrink.
func migrateRevisions(tx *bolt.Tx) error {
	all, err := tx.CreateBucketIfNotExists(bucketRevisions)
	if err != nil {
		return err
	}
	idsBucket, err := tx.CreateBucketIfNotExists(bucketFieldIDs)
	if err != nil {
		return err
	}
	// Written with the dictionary of schema 3, which the migrations that
	// follow in the same transaction reach: the file is never committed
	// at version 2 with records that version cannot read.
	dictBucket, err := tx.CreateBucketIfNotExists(bucketDict)
	if err != nil {
		return err
	}
	d := newDict(dictBucket)
	old := tx.Bucket(bucketSubmissions)
	if old == nil {
		return nil
	}
	err = old.ForEachBucket(func(form []byte) error {
		revs, err := all.CreateBucketIfNotExists(form)
		if err != nil {
			return err
		}
		revs.FillPercent = 1 // appended in key order
		ids, err := decodeFieldIDs(idsBucket.Get(form))
		if err != nil {
			return err
		}
		return v1Keys(old.Bucket(form), string(form), nil, func(key fieldbot.SubmissionKey, b *bolt.Bucket) error {
			return b.ForEach(func(rk, v []byte) error {
				s, err := v1Decode(key, rk, v)
				if err != nil {
					return fmt.Errorf("revision %x of %s/%s/%s/%s: %w", rk, key.Form, key.Period, key.Unit, key.Phone, err)
				}
				return putRevision(revs, idsBucket, ids, d, s)
			})
		})
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket(bucketSubmissions)
}
