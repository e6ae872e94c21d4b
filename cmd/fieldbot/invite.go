package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/invitedrop"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/qr"
	"github.com/fieldbot/fieldbot/store"
)

// inviteCommand issues a one-time code for a roster phone, whether or not
// the bot is running. The code is printed and never stored.
func inviteCommand(ctx context.Context, args []string, env Env) error {
	var path, phone, qrFile string
	fs := flags("invite", env, &path)
	fs.StringVar(&phone, "phone", "", "the roster phone of the person to invite")
	fs.StringVar(&qrFile, "qr", "", "also write the QR image of the Telegram link to this PNG file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if phone == "" {
		return usageError{"invite needs -phone"}
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	if !hasChannel(cfg) && !sandboxByDefault(fs, env) {
		// As run: a code for a misspelled token variable's config would go
		// to the sandbox's database, where the real bot never looks.
		return noChannel(cfg.Path)
	}
	norm, err := fieldbot.NormalizePhone(phone)
	if err != nil {
		return usageError{fmt.Sprintf("-phone %q: %v", phone, err)}
	}
	dir, dbPath := databaseOf(fs, cfg, env)
	person, err := invitee(cfg, dbPath, norm, env)
	if err != nil {
		return err
	}
	// The t.me link needs the bot's @name, which the bot records at start:
	// known before a code is issued, so that -qr never costs a code.
	username, why := telegramUsername(cfg, dir)
	if qrFile != "" && username == "" {
		return usageError{"-qr needs the Telegram link: " + why}
	}
	now := env.now()
	code, inv := newInvitation(person, "command line", now)
	where := "saved in " + dbPath
	db, err := store.Open(dbPath, store.Options{Timeout: 300 * time.Millisecond, Now: env.now})
	switch {
	case err == nil:
		err = db.Update(ctx, func(tx *store.Tx) error { return putInvitation(tx, person, code, inv) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		where = "handed to the running bot through " + invitedrop.Dir(dir) + " (valid within seconds)"
		var hash string
		if hash, err = store.InviteHashIn(dir, code); err == nil {
			err = invitedrop.Write(invitedrop.Dir(dir), hash, inv, now)
		}
	}
	if err != nil {
		return err
	}
	if !hasChannel(cfg) {
		where += " — the SANDBOX's database: no token is configured here (set FIELDBOT_TELEGRAM_TOKEN or FIELDBOT_ZALO_TOKEN as for the bot)"
	}
	fmt.Fprintln(env.Stderr, "fieldbot: invitation "+where)
	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	p := locale.New(lang)
	fmt.Fprintln(env.Stdout, p.T("invite.cli", "name", person.Name, "phone", person.Phone,
		"code", fieldbot.FormatInviteCode(code), "expires", locale.FormatDateTime(inv.Expires.In(cfg.Calendar.Location))))
	if username == "" {
		if why != "" {
			fmt.Fprintln(env.Stderr, "fieldbot: no Telegram link: "+why)
		}
		return nil
	}
	link := bot.InviteLink(username, code)
	fmt.Fprintln(env.Stdout, p.T("invite.cli_link", "link", link))
	if qrFile == "" {
		return nil
	}
	img, err := qr.PNG(link, bot.QRSize)
	if err == nil {
		err = os.WriteFile(qrFile, img, 0o600) // it links an account: not for every reader of the folder
	}
	if err != nil {
		return fmt.Errorf("the code above is valid, but its QR image was not written: %w", err)
	}
	fmt.Fprintln(env.Stdout, p.T("invite.cli_qr", "file", qrFile))
	return nil
}

// invitee is the person of the roster in force with that phone: the one
// the database holds (people may have been added or moved in chat since
// the roster file was written), or the file's when the next start will
// apply the file (it changed since) or when the running bot holds the
// database.
func invitee(cfg *config.Config, dbPath, phone string, env Env) (fieldbot.Person, error) {
	people, where := cfg.Roster.People(), cfg.RosterPath
	db, err := store.Open(dbPath, store.Options{ReadOnly: true, Timeout: 300 * time.Millisecond, Now: env.now})
	switch {
	case err == nil:
		s, r, _, err := db.Pending(people, cfg.Targets)
		db.Close()
		if err != nil {
			return fieldbot.Person{}, err
		}
		if !s.RosterFromFile {
			people, where = r.People, "the roster in force, as confirmed in chat"
		}
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		where += `; the bot is running, so people added in chat since are not seen here: invite them in chat with /moi`
	case fieldbot.ErrorCode(err) == fieldbot.ENOTFOUND: // no database yet: the file is the roster
	default:
		return fieldbot.Person{}, err
	}
	for _, p := range people {
		if p.Phone == phone {
			return p, nil
		}
	}
	return fieldbot.Person{}, fmt.Errorf("%s is not in the roster (%s)", phone, where)
}

// telegramUsername is the bot's Telegram @name as the running bot last
// recorded it, or "" and why there is no Telegram link ("" too when the
// config has no Telegram at all: nothing to explain).
func telegramUsername(cfg *config.Config, dataDir string) (name, why string) {
	if cfg.Telegram.Token == "" {
		return "", ""
	}
	name, err := invitedrop.TelegramUsername(dataDir)
	switch {
	case err != nil:
		return "", err.Error()
	case name == "":
		return "", "the bot's Telegram name is not known yet: the bot records it in " + dataDir +
			" when it starts with its Telegram token; start it once and run this again for the link"
	}
	return name, ""
}

// newInvitation makes a one-time code for a person and what the store
// keeps of it (only its hash, with the person and its validity).
func newInvitation(p fieldbot.Person, by string, now time.Time) (string, store.Invite) {
	return fieldbot.NewInviteCode(), store.Invite{Phone: p.Phone, IssuedBy: by, Issued: now, Expires: now.Add(fieldbot.InviteValidity)}
}

// putInvitation stores an invitation issued on the server and records in
// the history who was invited (never the code), in one transaction.
func putInvitation(tx *store.Tx, p fieldbot.Person, code string, inv store.Invite) error {
	if err := tx.PutInvite(code, inv); err != nil {
		return err
	}
	return tx.AppendEvent(fieldbot.Event{At: inv.Issued, Kind: fieldbot.EventInvite, Via: "server", Unit: p.Unit, Person: p.Phone})
}

// issueInvitation saves a new code for a roster phone in an open store
// and returns it as people type it (K7PQ-2MXA).
func issueInvitation(ctx context.Context, db *store.DB, cfg *config.Config, phone, by string, now time.Time) (string, error) {
	norm, err := fieldbot.NormalizePhone(phone)
	if err != nil {
		return "", err
	}
	p, ok := cfg.Roster.Lookup(norm)
	if !ok {
		return "", fmt.Errorf("%s is not in the roster", phone)
	}
	code, inv := newInvitation(p, by, now)
	if err := db.Update(ctx, func(tx *store.Tx) error { return putInvitation(tx, p, code, inv) }); err != nil {
		return "", err
	}
	return fieldbot.FormatInviteCode(code), nil
}
