package relay

import (
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// The history (store.Tx.AppendEvent) is written here, by the transaction
// that commits what it records, so it never misses a committed act nor
// keeps one that rolled back. Each act is one event:
//
//   - a saved revision: written by store.Tx.PutSubmission itself as a
//     reference to the revision; reading it gives By who saved it, Person
//     whose report it is, Ref "form/period#revision" and Changes every
//     field that differs from the previous revision, from the revisions;
//   - a reopening: Ref "form/period", the change of "until" (RFC 3339, UTC);
//   - an invitation: who invited whom (Person) — never the code;
//   - a link: the person linking their own account, Ref "channel:user";
//   - an unlink: one event per account, By whoever took it back.
//
// Via is always the channel account the input came through.

// via names the account an input came through.
func via(o Origin) string { return o.Channel + ":" + o.UserID }

// record appends e to the history at the input's time.
func record(tx *store.Tx, now time.Time, e fieldbot.Event) error {
	e.At = now
	return tx.AppendEvent(e)
}

// reopened is the event of reopening rp, which was open until before (zero if not).
func reopened(o Origin, rp fieldbot.Reopening, before time.Time) fieldbot.Event {
	c := fieldbot.Change{Field: "until", New: rp.Until.UTC().Format(time.RFC3339)}
	if !before.IsZero() {
		c.Old = before.UTC().Format(time.RFC3339)
	}
	return fieldbot.Event{Kind: fieldbot.EventReopen, By: rp.By, Via: via(o), Unit: rp.Unit, Ref: rp.Form + "/" + rp.Period,
		Changes: []fieldbot.Change{c}}
}

// unitOf is the unit of a roster phone, "" for someone not on it.
func (r *Relay) unitOf(phone string) string {
	p, _ := r.Roster.Lookup(phone)
	return p.Unit
}
