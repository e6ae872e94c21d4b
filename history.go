package fieldbot

import "time"

// Event is one entry of the append-only history: who did what, when, to
// which unit or person, with old → new values where something changed. It
// is written in the same transaction as the change it records and never
// edited or deleted. Texts are rendered in the reader's language when the
// history is shown, so an Event holds data, not sentences.
type Event struct {
	At   time.Time
	Kind EventKind
	// By is the phone of who did it; "" for the server (the command line,
	// the config files applied at start).
	By string
	// Via is the channel account it came through ("zalo:8412…"), or
	// "server".
	Via string
	// Unit and Person are what the event is about, for finding it again:
	// the unit of a report or an import, the phone of the person invited,
	// linked, moved or whose report it is. Either may be empty.
	Unit   string
	Person string
	// Ref names the thing changed where there is one: a submission key
	// ("weekly/2026-W49"), a period reopened, an account ("zalo:8412…").
	Ref     string
	Changes []Change
}

// EventKind is what an Event records.
type EventKind string

const (
	EventRevision EventKind = "revision" // a report saved (a new revision)
	EventReopen   EventKind = "reopen"   // a closed period reopened for a unit
	EventInvite   EventKind = "invite"   // an invitation code issued
	EventLink     EventKind = "link"     // a channel account linked to a person
	EventUnlink   EventKind = "unlink"   // a channel account unlinked
	EventRoster   EventKind = "roster"   // a person added, moved, changed or removed by an import
	EventTargets  EventKind = "targets"  // a target set, changed or removed by an import
)

// Change is one value before and after: a field of a report, a person's
// unit or role, a target. Old is "" for something new, New "" for
// something removed.
type Change struct {
	Field    string
	Old, New string
}
