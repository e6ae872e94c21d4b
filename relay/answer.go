package relay

import (
	"context"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// Answer settles an update the channel could not turn into an input for
// the engine — a file too big to take, one the platform no longer has —
// and tells the person why: the catalog message key with its kv
// placeholders, in the person's language (the default for strangers).
// The answer is queued in the transaction that marks the update done, so
// it is said once, and the conversation's state is left as it was.
func (r *Relay) Answer(ctx context.Context, o Origin, key string, kv ...string) (Outcome, error) {
	now := r.Now()
	var out Outcome
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		out = Outcome{}
		if first, err := settle(tx, o); err != nil || !first {
			out.Repeated = err == nil
			return err
		}
		// In the person's language where it can be found; failing to find
		// out must not stop them hearing the answer (it may be that nothing
		// was saved).
		var lang locale.Lang
		if acct, ok, err := tx.Account(o.Channel, o.UserID); err == nil && ok {
			lang, _ = language(tx, acct.Phone)
		}
		p := r.printer(lang)
		msg := fieldbot.Message{Text: p.HTML(key, kv...), Lang: string(p.Lang())}
		return r.enqueue(tx, o, now, []fieldbot.Message{msg}, &out)
	})
	if err == nil && o.Committed != nil {
		o.Committed()
	}
	return out, err
}
