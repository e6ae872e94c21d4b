package relay

import (
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/store"
)

// storedDirectory is the roster and targets in force as this transaction
// sees them; ok is false unless both were stored (a start stores both).
func storedDirectory(tx *store.Tx) ([]fieldbot.Person, []fieldbot.Target, bool, error) {
	r, rok, err := tx.Roster()
	if err != nil {
		return nil, nil, false, err
	}
	t, tok, err := tx.Targets()
	if err != nil {
		return nil, nil, false, err
	}
	return r.People, t.Targets, rok && tok, nil
}

// storeImport stores a confirmed roster or targets import in the input's
// transaction, as of the input's time; Applied puts it in force after the
// commit.
func storeImport(tx *store.Tx, o Origin, now time.Time, imp *conversation.Import) error {
	by := ""
	if a, ok, err := tx.Account(o.Channel, o.UserID); err != nil {
		return err
	} else if ok {
		by = a.Phone
	}
	for _, e := range imp.Changes { // one history entry per person or target changed
		e.By, e.Via = by, via(o)
		if err := tx.AppendEvent(e); err != nil {
			return err
		}
	}
	switch imp.Kind {
	case conversation.SheetRoster:
		rec, _, err := tx.Roster()
		if err != nil {
			return err
		}
		rec.People, rec.By, rec.Updated = imp.People, by, now
		return tx.PutRoster(rec)
	case conversation.SheetTargets:
		rec, _, err := tx.Targets()
		if err != nil {
			return err
		}
		rec.Targets, rec.By, rec.Updated = imp.Targets, by, now
		return tx.PutTargets(rec)
	}
	return nil
}
