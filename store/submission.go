package store

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// Submissions live in a bucket per form, keyed "period\x00unit\x00phone",
// each a bucket of revisions keyed by big-endian number: a form is one
// ordered scan, a period one prefix scan, and a revision is never
// overwritten or deleted because it is an official record.

// submissionRecord is a revision on disk. The identity (form, period, unit,
// phone, revision) is in the keys, not repeated here. The JSON names are
// those of the first layout, which stored fieldbot.Submission as is.
type submissionRecord struct {
	SubmittedAt time.Time        `json:"SubmittedAt"`
	SubmittedBy string           `json:"SubmittedBy,omitempty"`
	Via         string           `json:"Via,omitempty"` // the channel account; absent before it was recorded
	Answers     fieldbot.Answers `json:"Answers"`
}

func submissionKey(k fieldbot.SubmissionKey) []byte { return join(k.Period, k.Unit, k.Phone) }

func revisionKey(n int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(n))
	return b
}

// PutSubmission stores s as the next revision of its submission: Revision is
// the latest one plus 1 (s.Revision is ignored) and a zero SubmittedAt
// becomes the store's clock. It returns what was stored.
func (tx *Tx) PutSubmission(s fieldbot.Submission) (fieldbot.Submission, error) {
	if err := checkParts("submission", s.Form, s.Period, s.Unit, s.Phone); err != nil {
		return s, err
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
	s.Answers = s.Answers.Clone() // the caller keeps its map; the result is ours
	return s, put(revs, revisionKey(s.Revision), submissionRecord{SubmittedAt: s.SubmittedAt, SubmittedBy: s.SubmittedBy, Via: s.Via, Answers: s.Answers})
}

// revisions returns the revisions bucket of k, or nil.
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
	return latest(k, revs)
}

func latest(k fieldbot.SubmissionKey, revs *bolt.Bucket) (fieldbot.Submission, bool, error) {
	rk, v := revs.Cursor().Last()
	if rk == nil {
		return fieldbot.Submission{}, false, nil
	}
	s, err := decodeSubmission(k, rk, v)
	return s, err == nil, err
}

func decodeSubmission(k fieldbot.SubmissionKey, revKey, v []byte) (fieldbot.Submission, error) {
	var r submissionRecord
	if err := decode(v, &r); err != nil {
		return fieldbot.Submission{}, err
	}
	return fieldbot.Submission{
		Form: k.Form, Period: k.Period, Unit: k.Unit, Phone: k.Phone,
		Revision:    int(binary.BigEndian.Uint32(revKey)),
		SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Via: r.Via, Answers: r.Answers,
	}, nil
}

// Revisions returns every revision of a submission, oldest first: the
// history with who changed it and when.
func (tx *Tx) Revisions(k fieldbot.SubmissionKey) ([]fieldbot.Submission, error) {
	revs := tx.revisions(k)
	if revs == nil {
		return nil, nil
	}
	var out []fieldbot.Submission
	err := revs.ForEach(func(rk, v []byte) error {
		s, err := decodeSubmission(k, rk, v)
		out = append(out, s)
		return err
	})
	return out, err
}

// LatestSubmissions calls fn with the latest revision of every submission of
// a form, ordered by period key, unit and phone. It streams inside one read
// transaction: fn must not start another transaction, and should be quick.
// An error from fn stops the scan and is returned.
func (db *DB) LatestSubmissions(form string, fn func(fieldbot.Submission) error) error {
	return db.scan(form, nil, fn)
}

// LatestInPeriod is LatestSubmissions for one period: a range scan over the
// keys that start with it.
func (db *DB) LatestInPeriod(form, period string, fn func(fieldbot.Submission) error) error {
	if period == "" {
		return nil
	}
	return db.scan(form, prefix(period), fn)
}

func (db *DB) scan(form string, p []byte, fn func(fieldbot.Submission) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketSubmissions).Bucket([]byte(form))
		if b == nil {
			return nil
		}
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
			key := fieldbot.SubmissionKey{Form: form, Period: string(parts[0]), Unit: string(parts[1]), Phone: string(parts[2])}
			s, ok, err := latest(key, revs)
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
