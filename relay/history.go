package relay

import (
	"slices"
	"strconv"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// The history (store.Tx.AppendEvent) is written here, by the transaction
// that commits what it records, so it never misses a committed act nor
// keeps one that rolled back. Each act is one event:
//
//   - a saved revision: By who saved it, Person whose report it is, Ref
//     "form/period#revision", Changes every field whose value differs from
//     the previous revision (Old "" for the first), by field id in the
//     form's order;
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

// RevisionRef is an Event's Ref for revision n of a form's period.
func RevisionRef(form, period string, n int) string {
	return form + "/" + period + "#" + strconv.Itoa(n)
}

// revised is the event of saving s over prev (zero if s is the first).
func (r *Relay) revised(prev, s fieldbot.Submission) fieldbot.Event {
	e := fieldbot.Event{Kind: fieldbot.EventRevision, By: s.SubmittedBy, Via: s.Via, Unit: s.Unit, Person: s.Phone,
		Ref: RevisionRef(s.Form, s.Period, s.Revision)}
	var ids []string
	for _, f := range r.Engine.Config().Forms {
		if f.ID == s.Form {
			for _, fl := range f.Fields {
				ids = append(ids, fl.ID)
			}
		}
	}
	// Then fields the form no longer has, by id.
	var others []string
	for _, a := range []fieldbot.Answers{prev.Answers, s.Answers} {
		for id := range a {
			if !slices.Contains(ids, id) && !slices.Contains(others, id) {
				others = append(others, id)
			}
		}
	}
	slices.Sort(others)
	for _, id := range append(ids, others...) {
		if old, new := prev.Answers[id], s.Answers[id]; old != new {
			e.Changes = append(e.Changes, fieldbot.Change{Field: id, Old: old, New: new})
		}
	}
	return e
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
