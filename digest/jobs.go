package digest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/scheduler"
	"github.com/fieldbot/fieldbot/store"
)

// Job names, as recorded in the store.
const (
	JobDigest   = "digest"
	JobRemind   = "remind"
	JobEscalate = "escalate"
)

// Address is a chat on a channel: a person's private chat or a group.
type Address struct{ Channel, Chat string }

// recipient is how a group chat is named in send records; people are
// named by their phone.
func (a Address) recipient() string { return "chat:" + a.Channel + ":" + a.Chat }

// Jobs are the scheduled jobs and the correction hook.
type Jobs struct {
	*Config
	DB       *store.DB
	Groups   []Address       // group chats that get the root digest
	Holidays map[string]bool // "2006-01-02" in the calendar's timezone
	// Kick tells the channels that the outbox has new messages.
	Kick func()
	Log  *slog.Logger
}

// chunk is how many recipients share one commit: big enough to make a
// thousand digests a handful of commits, small enough to keep each short.
const chunk = 100

// delivery is one recipient's message and where it goes.
type delivery struct {
	sent store.Sent
	// msg writes the message in the recipient's language; it may be
	// called more than once for a language and should remember the result.
	msg  func(locale.Lang) (fieldbot.Message, error)
	hold bool // wait while a form is being filled in
}

// texts remembers messages already written, by key and language.
type texts map[string]fieldbot.Message

func (c texts) get(key string, lang locale.Lang, build func() (fieldbot.Message, error)) (fieldbot.Message, error) {
	key += "\x00" + string(lang)
	if m, ok := c[key]; ok {
		return m, nil
	}
	m, err := build()
	if err == nil {
		c[key] = m
	}
	return m, err
}

// Digest sends each leader and admin the digest of their subtree, and the
// root digest to the configured groups, once per run.
func (j *Jobs) Digest(ctx context.Context, r scheduler.Run) error {
	period, at := j.PeriodFor(r.Scheduled)
	var reminded map[string]bool
	prev := map[string]time.Time{} // recipient → when the previous digest's figures were taken
	err := j.DB.View(func(tx *store.Tx) error {
		var err error
		if reminded, err = remindedIn(tx, period.Key); err != nil {
			return err
		}
		earlier, err := tx.SentFor(JobDigest, j.Calendar.Previous(period).Key)
		for _, s := range earlier {
			_, prevAt := j.PeriodFor(s.Scheduled)
			prev[s.Recipient] = prevAt
		}
		return err
	})
	if err != nil {
		return err
	}
	built := texts{} // by unit, since and language
	build := func(unit string, since time.Time) func(locale.Lang) (fieldbot.Message, error) {
		return func(lang locale.Lang) (fieldbot.Message, error) {
			return built.get(unit+"@"+since.String(), lang, func() (fieldbot.Message, error) {
				req := Request{Unit: unit, Period: period, At: at, Since: since, Reminded: reminded, Lang: lang}
				if r.Late {
					req.Late = r.Scheduled
				}
				m, err := j.Build(req)
				if err != nil {
					return m, fmt.Errorf("digest for %s: %w", unit, err)
				}
				return m, nil
			})
		}
	}
	var ds []delivery
	for _, person := range j.Roster.People() {
		if !person.Role.Leads() {
			continue
		}
		unit := j.scope(person)
		ds = append(ds, delivery{sent: store.Sent{Recipient: person.Phone, Unit: unit}, msg: build(unit, prev[person.Phone])})
	}
	for _, g := range j.Groups {
		ds = append(ds, delivery{sent: store.Sent{Recipient: g.recipient(), Unit: j.Tree.Root()}, msg: build(j.Tree.Root(), prev[g.recipient()])})
	}
	return j.deliver(ctx, JobDigest, r, period.Key, ds)
}

// scope is the subtree a person's digest covers.
func (j *Jobs) scope(p fieldbot.Person) string {
	if p.Role == fieldbot.RoleAdmin {
		return j.Tree.Root()
	}
	return p.Unit
}

// stillFor reports whether a recipient of an earlier digest would still
// get unit's figures: a configured group, or a leader or admin of the
// roster whose scope holds the unit.
func (j *Jobs) stillFor(recipient, unit string) bool {
	if strings.HasPrefix(recipient, "chat:") {
		return slices.ContainsFunc(j.Groups, func(a Address) bool { return a.recipient() == recipient })
	}
	p, ok := j.Roster.Lookup(recipient)
	return ok && p.Role.Leads() && j.Tree.Contains(j.scope(p), unit)
}

// Preview is /digest: the caller's digest as of now in their language
// (zero: the configured one), not recorded.
func (j *Jobs) Preview(p fieldbot.Person, lang locale.Lang, now time.Time) ([]fieldbot.Message, error) {
	period, at := j.PeriodFor(now)
	m, err := j.Build(Request{Unit: j.scope(p), Period: period, At: at, Preview: true, Lang: lang})
	if err != nil {
		return nil, err
	}
	return []fieldbot.Message{m}, nil
}

// Remind tells officers who have not reported for the period in question
// (PeriodFor), on days that are not holidays. Someone filling in a form gets it when they
// are done (or not at all, if what they were filling in was the report).
func (j *Jobs) Remind(ctx context.Context, r scheduler.Run) error {
	day := r.Scheduled.In(j.Calendar.Location).Format("2006-01-02")
	if j.Holidays[day] {
		j.Log.Info("no reminders today: a holiday", "day", day)
		return nil
	}
	period, at := j.PeriodFor(r.Scheduled)
	built := texts{}
	msg := func(lang locale.Lang) (fieldbot.Message, error) {
		return built.get("", lang, func() (fieldbot.Message, error) {
			p := j.printer(lang)
			label := present.PeriodLabel(p, period)
			return fieldbot.Message{Text: p.HTML("remind.text", "form", j.Form.Title, "period", label)}, nil
		})
	}
	var ds []delivery
	for _, person := range j.Progress.Missing(j.Tree.Root(), at) {
		ds = append(ds, delivery{sent: store.Sent{Recipient: person.Phone, Unit: person.Unit}, msg: msg, hold: true})
	}
	return j.deliver(ctx, JobRemind, r, period.Key, ds)
}

// Escalate tells each leader who in their subtree has still not reported
// for the period in question (PeriodFor).
func (j *Jobs) Escalate(ctx context.Context, r scheduler.Run) error {
	period, at := j.PeriodFor(r.Scheduled)
	built := texts{}
	var ds []delivery
	for _, person := range j.Roster.People() {
		if !person.Role.Leads() {
			continue
		}
		unit := j.scope(person)
		missing := j.Progress.Missing(unit, at)
		if len(missing) == 0 {
			continue
		}
		msg := func(lang locale.Lang) (fieldbot.Message, error) {
			return built.get(unit, lang, func() (fieldbot.Message, error) {
				return j.escalation(lang, unit, period, missing), nil
			})
		}
		ds = append(ds, delivery{sent: store.Sent{Recipient: person.Phone, Unit: unit}, msg: msg})
	}
	return j.deliver(ctx, JobEscalate, r, period.Key, ds)
}

// escalation lists who in unit's subtree has not reported for period.
func (j *Jobs) escalation(lang locale.Lang, unit string, period fieldbot.Period, missing []fieldbot.Person) fieldbot.Message {
	p := j.printer(lang)
	label := present.PeriodLabel(p, period)
	u, _ := j.Tree.Unit(unit)
	var b strings.Builder
	b.WriteString(p.HTML("escalate.title", "count", strconv.Itoa(len(missing)), "unit", u.Name, "period", label))
	for i, m := range missing {
		if i == maxMissingNames {
			b.WriteString("\n" + p.HTML("digest.missing_more", "count", strconv.Itoa(len(missing)-i)))
			break
		}
		b.WriteString("\n• " + locale.Escape(m.Name))
		if mu, ok := j.Tree.Unit(m.Unit); ok && m.Unit != unit {
			b.WriteString(" — " + locale.Escape(mu.Name))
		}
	}
	return fieldbot.Message{Text: b.String()}
}

// language is what a recipient reads: the language a person chose, or
// the configured one (for group chats too).
func (j *Jobs) language(tx *store.Tx, recipient string) (locale.Lang, error) {
	if strings.HasPrefix(recipient, "chat:") {
		return j.Lang, nil
	}
	return relay.Language(tx, recipient, j.Lang)
}

// deliver claims each recipient for this run and queues their message in
// the same transaction, a chunk of recipients per commit. A recipient
// claimed before (a restart mid-run) is skipped, so nobody gets a run twice.
func (j *Jobs) deliver(ctx context.Context, job string, r scheduler.Run, period string, ds []delivery) error {
	// Write every message first, in each recipient's language as it is
	// now, so that a digest that cannot be built stops the run before
	// anything is sent and no chart is drawn inside a write transaction.
	// The language is read again where the send is claimed; a choice made
	// in between is honoured by writing that message then.
	langs := make([]locale.Lang, len(ds))
	err := j.DB.View(func(tx *store.Tx) error {
		for i, d := range ds {
			var err error
			if langs[i], err = j.language(tx, d.sent.Recipient); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", job, err)
	}
	for i, d := range ds {
		m, err := d.msg(langs[i])
		if err != nil {
			return err
		}
		if err := j.keepFiles(ctx, m); err != nil {
			return fmt.Errorf("%s: %w", job, err)
		}
	}
	queued := 0
	for start := 0; start < len(ds); start += chunk {
		part := ds[start:min(start+chunk, len(ds))]
		n := 0
		err := j.DB.Update(ctx, func(tx *store.Tx) error {
			n = 0
			for _, d := range part {
				d.sent.Job, d.sent.Scheduled, d.sent.Period = job, r.Scheduled, period
				targets, err := reachable(tx, d.sent.Recipient)
				if err != nil {
					return err
				}
				lang, err := j.language(tx, d.sent.Recipient)
				if err != nil {
					return err
				}
				first, err := tx.Claim(d.sent)
				if err != nil || !first {
					return err
				}
				msg, err := d.msg(lang)
				if err != nil {
					return err
				}
				for _, t := range targets {
					if err := queue(tx, t, d.sent.Recipient, msg, d.hold); err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", job, err)
		}
		queued += n
		if j.Kick != nil && n > 0 {
			j.Kick()
		}
	}
	j.Log.Info("scheduled run queued", "job", job, "scheduled", r.Scheduled, "late", r.Late, "manual", r.Manual,
		"recipients", len(ds), "messages", queued)
	return nil
}

// queue puts one message for a chat in the outbox, or holds it while the
// chat is in the middle of a form.
func queue(tx *store.Tx, t Address, recipient string, m fieldbot.Message, hold bool) error {
	tmpl := store.Outgoing{Channel: t.Channel, Chat: t.Chat, Bulk: true, For: person(recipient)}
	if hold {
		busy, err := relay.Busy(tx, t.Channel, t.Chat)
		if err != nil {
			return err
		}
		if busy {
			return relay.Hold(tx, tmpl, m)
		}
	}
	_, err := relay.Enqueue(tx, tmpl, m)
	return err
}

// keepFiles stores m's chart and spreadsheet as soon as they are made and
// leaves only their references in m (its File values are shared with the
// run's cache of built messages), so that a run holds one digest's files
// in memory at a time, not every leader's: 390 national digests kept
// several hundred MiB otherwise. Files of a run that then fails are
// pruned with the others after a month.
func (j *Jobs) keepFiles(ctx context.Context, m fieldbot.Message) error {
	for _, f := range []*fieldbot.File{m.Photo, m.Document} {
		if f == nil || len(f.Data) == 0 {
			continue
		}
		var ref string
		err := j.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			ref, err = tx.PutFile(f.Data)
			return err
		})
		if err != nil {
			return err
		}
		f.Ref, f.Data = ref, nil
	}
	return nil
}

// person is the roster phone a recipient names, "" for a group chat.
func person(recipient string) string {
	if strings.HasPrefix(recipient, "chat:") {
		return ""
	}
	return recipient
}

// reachable lists where to write to a recipient: their bound accounts that
// have not blocked the bot, or the group chat a "chat:" recipient names.
func reachable(tx *store.Tx, recipient string) ([]Address, error) {
	if rest, ok := strings.CutPrefix(recipient, "chat:"); ok {
		channel, chat, _ := strings.Cut(rest, ":")
		return []Address{{Channel: channel, Chat: chat}}, nil
	}
	accts, err := tx.AccountsOf(recipient)
	if err != nil {
		return nil, err
	}
	pref, err := tx.Preferred(recipient)
	if err != nil {
		return nil, err
	}
	var out []Address
	for _, a := range accts {
		if !a.Unreachable {
			out = append(out, Address{Channel: a.Channel, Chat: a.Chat})
		}
	}
	// The chosen channel only, if it can be reached; otherwise every one.
	if i := slices.IndexFunc(out, func(g Address) bool { return g.Channel == pref }); i >= 0 {
		return out[i : i+1], nil
	}
	return out, nil
}

func remindedIn(tx *store.Tx, period string) (map[string]bool, error) {
	sent, err := tx.SentFor(JobRemind, period)
	out := map[string]bool{}
	for _, s := range sent {
		out[s.Recipient] = true
	}
	return out, err
}

// OnSave runs in the transaction that saves a submission: if that
// period's digest already went out, everyone who got it and whose subtree
// holds the reporter's unit is told, once per save.
func (j *Jobs) OnSave(tx *store.Tx, s fieldbot.Submission) ([]store.Outgoing, error) {
	if s.Form != j.Form.ID {
		return nil, nil
	}
	sent, err := tx.SentFor(JobDigest, s.Period)
	if err != nil || len(sent) == 0 {
		return nil, err
	}
	per, perErr := j.Calendar.ParsePeriod(j.Form.Period, s.Period)
	name := s.Phone
	if person, ok := j.Roster.Lookup(s.Phone); ok {
		name = person.Name
	}
	unitName := s.Unit
	if u, ok := j.Tree.Unit(s.Unit); ok {
		unitName = u.Name
	}
	var out []store.Outgoing
	told := map[string]bool{}
	for _, d := range sent {
		if told[d.Recipient] || !j.Tree.Contains(d.Unit, s.Unit) || d.Recipient == s.SubmittedBy {
			continue
		}
		// The roster as it is now decides: someone removed, or moved out
		// of the subtree, since the digest hears nothing more about it.
		if !j.stillFor(d.Recipient, s.Unit) {
			continue
		}
		told[d.Recipient] = true
		lang, err := j.language(tx, d.Recipient)
		if err != nil {
			return nil, err
		}
		p := j.printer(lang)
		period := s.Period
		if perErr == nil {
			period = present.PeriodLabel(p, per)
		}
		date := locale.FormatDateTime(d.At.In(j.Calendar.Location))
		text := p.HTML("correction.new", "period", period, "date", date, "name", name, "unit", unitName)
		if s.Revision > 1 {
			text = p.HTML("correction.revised", "period", period, "date", date, "name", name, "unit", unitName, "revision", strconv.Itoa(s.Revision))
		}
		targets, err := reachable(tx, d.Recipient)
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			q, err := relay.Enqueue(tx, store.Outgoing{Channel: t.Channel, Chat: t.Chat, Bulk: true, For: person(d.Recipient)}, fieldbot.Message{Text: text})
			if err != nil {
				return nil, err
			}
			out = append(out, q...)
		}
	}
	return out, nil
}
