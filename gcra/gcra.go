// Package gcra is a token bucket kept as a theoretical arrival time (the
// generic cell rate algorithm), shared by the send queue's flood limits
// (outbound) and the gate on unlinked accounts' messages (inbox).
package gcra

import "time"

// Rate allows Burst at once, then one every Every. A zero Every means no
// limit.
type Rate struct {
	Every time.Duration
	Burst int
}

// Bucket is a token bucket kept as a theoretical arrival time: an event at
// t is allowed if t ≥ tat − (burst−1)·every, and taking it moves tat on.
// The zero Bucket with a Rate set is empty (full of tokens).
type Bucket struct {
	Rate Rate
	tat  time.Time
}

// Earliest is when the bucket next allows an event: t if it does at t.
func (b *Bucket) Earliest(t time.Time) time.Time {
	if b.Rate.Every <= 0 {
		return t
	}
	if allow := b.tat.Add(-time.Duration(max(b.Rate.Burst, 1)-1) * b.Rate.Every); allow.After(t) {
		return allow
	}
	return t
}

// Allows reports whether the bucket allows an event at t.
func (b *Bucket) Allows(t time.Time) bool {
	return !b.Earliest(t).After(t)
}

// Take counts an event at t.
func (b *Bucket) Take(t time.Time) {
	if b.Rate.Every <= 0 {
		return
	}
	if b.tat.Before(t) {
		b.tat = t
	}
	b.tat = b.tat.Add(b.Rate.Every)
}

// Full reports whether the bucket has all its tokens again at now, so
// forgetting it changes nothing.
func (b *Bucket) Full(now time.Time) bool {
	return !b.tat.After(now)
}
