package store

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// Submissions live in a bucket per form, keyed "period\x00unit\x00phone",
// each holding its revisions by big-endian number: a period is one prefix
// scan, and revisions are never overwritten.

func submissionKey(k fieldbot.SubmissionKey) []byte { return join(k.Period, k.Unit, k.Phone) }

func revisionKey(n int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(n))
	return b
}

// PutSubmission stores s as the next revision of its submission and
// returns what was stored (Revision and, if zero, SubmittedAt filled in).
func (tx *Tx) PutSubmission(s fieldbot.Submission) (fieldbot.Submission, error) {
	for _, part := range []string{s.Form, s.Period, s.Unit, s.Phone} {
		if part == "" || bytes.IndexByte([]byte(part), 0) >= 0 {
			return s, fieldbot.Errorf(fieldbot.EINVALID, "submission key part %q is empty or contains NUL", part)
		}
	}
	form, err := tx.tx.Bucket(bucketSubmissions).CreateBucketIfNotExists([]byte(s.Form))
	if err != nil {
		return s, err
	}
	revs, err := form.CreateBucketIfNotExists(submissionKey(s.Key()))
	if err != nil {
		return s, err
	}
	s.Revision = 1
	if k, _ := revs.Cursor().Last(); k != nil {
		s.Revision = int(binary.BigEndian.Uint32(k)) + 1
	}
	if s.SubmittedAt.IsZero() {
		s.SubmittedAt = tx.now
	}
	return s, put(revs, revisionKey(s.Revision), s)
}

func (tx *Tx) revisions(k fieldbot.SubmissionKey) *bolt.Bucket {
	form := tx.tx.Bucket(bucketSubmissions).Bucket([]byte(k.Form))
	if form == nil {
		return nil
	}
	return form.Bucket(submissionKey(k))
}

// Latest returns the newest revision of a submission.
func (tx *Tx) Latest(k fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) {
	revs := tx.revisions(k)
	if revs == nil {
		return fieldbot.Submission{}, false, nil
	}
	return latest(revs)
}

func latest(revs *bolt.Bucket) (fieldbot.Submission, bool, error) {
	var s fieldbot.Submission
	_, v := revs.Cursor().Last()
	if v == nil {
		return s, false, nil
	}
	return s, true, jsonUnmarshal(v, &s)
}

// Revisions returns every revision of a submission, oldest first.
func (tx *Tx) Revisions(k fieldbot.SubmissionKey) ([]fieldbot.Submission, error) {
	revs := tx.revisions(k)
	if revs == nil {
		return nil, nil
	}
	var out []fieldbot.Submission
	err := revs.ForEach(func(_, v []byte) error {
		var s fieldbot.Submission
		if err := jsonUnmarshal(v, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// LatestSubmissions streams the latest revision of every submission of a
// form, ordered by period, unit and phone.
func (db *DB) LatestSubmissions(form string, fn func(fieldbot.Submission) error) error {
	return db.scan(form, nil, fn)
}

// LatestInPeriod streams the latest revisions of one period of a form.
func (db *DB) LatestInPeriod(form, period string, fn func(fieldbot.Submission) error) error {
	return db.scan(form, append([]byte(period), 0), fn)
}

func (db *DB) scan(form string, prefix []byte, fn func(fieldbot.Submission) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketSubmissions).Bucket([]byte(form))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			revs := b.Bucket(k)
			if revs == nil {
				continue
			}
			s, ok, err := latest(revs)
			if err != nil {
				return err
			}
			if ok {
				if err := fn(s); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
