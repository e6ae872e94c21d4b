package store_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// Every release leaves a database it wrote in testdata (release-YYYY-MM.db,
// made by writeOffice with that release's code) and every later release
// must open it, migrate it and read everything in it back. A change to the
// layout (SchemaVersion, migrations in db.go) is tested against all of
// them; when a release is cut, make its file with
//
//	go test ./store -run TestWriteReleaseFixture -fixture testdata/release-YYYY-MM.db
//
// and add it to releaseFixtures. Never regenerate an existing one.
var fixture = flag.String("fixture", "", "write a release fixture database to this path")

var releaseFixtures = []string{"testdata/release-2026-12.db"}

// The small office every fixture holds.
var (
	fixClock   = time.Date(2026, 11, 27, 16, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	anPhone    = "0912345678"
	bichPhone  = "0987654321"
	inviteCode = "K7PQ2MXA"
	w45        = fieldbot.SubmissionKey{Form: "weekly", Period: "2026-W45", Unit: "kv1", Phone: anPhone}
	midForm    = conversation.State{
		Step: conversation.StepField, Form: "weekly", Period: "2026-W48", Unit: "kv1", Field: 2,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "7600", "viec_xong": "6400"},
		Shape:   "viec_co_dieu_kien:count,viec_xong:count,tien_xong:money,ghi_chu:text",
		Seq:     4, Updated: fixClock.UTC(),
	}
	queued = fieldbot.Message{Text: "Đã lưu báo cáo tuần 48 (<b>23/11–29/11/2026</b>).", Options: []fieldbot.Option{{Label: "Xem tiến độ", Data: "s"}}}
)

// officeRevisions are the revisions writeOffice saves, in order; those of
// a submission are numbered from 1.
var officeRevisions = []fieldbot.Submission{
	{Form: "weekly", Period: "2026-W45", Unit: "kv1", Phone: anPhone, Revision: 1, SubmittedAt: fixClock.AddDate(0, 0, -16), SubmittedBy: anPhone, Via: "telegram:1001",
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "1500000000"}},
	{Form: "weekly", Period: "2026-W45", Unit: "kv1", Phone: anPhone, Revision: 2, SubmittedAt: fixClock.AddDate(0, 0, -15), SubmittedBy: anPhone, Via: "zalo:a8f3c2",
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6310", "tien_xong": "1500000000", "ghi_chu": "sửa số việc xong"}},
	{Form: "weekly", Period: "2026-W46", Unit: "kv1", Phone: anPhone, Revision: 1, SubmittedAt: fixClock.AddDate(0, 0, -8), SubmittedBy: anPhone, Via: "telegram:1001",
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "7590", "viec_xong": "6350", "tien_xong": "1750000000"}},
}

// sameRevision says how got differs from want, field by field ("" if in
// nothing): the instant and the zone offset of SubmittedAt, the rest exactly.
func sameRevision(got, want fieldbot.Submission) string {
	_, gotOff := got.SubmittedAt.Zone()
	_, wantOff := want.SubmittedAt.Zone()
	switch {
	case got.Key() != want.Key() || got.Revision != want.Revision:
		return fmt.Sprintf("is %v#%d; want %v#%d", got.Key(), got.Revision, want.Key(), want.Revision)
	case !got.SubmittedAt.Equal(want.SubmittedAt) || gotOff != wantOff:
		return fmt.Sprintf("submitted at %v; want %v", got.SubmittedAt, want.SubmittedAt)
	case got.SubmittedBy != want.SubmittedBy || got.Via != want.Via:
		return fmt.Sprintf("by %q via %q; want %q via %q", got.SubmittedBy, got.Via, want.SubmittedBy, want.Via)
	case !maps.Equal(got.Answers, want.Answers):
		return fmt.Sprintf("answers %v; want %v", got.Answers, want.Answers)
	}
	return ""
}

// readSubmissions checks that db holds officeRevisions exactly, through
// every reader of submissions. It changes nothing, so it also reads a
// file opened read-only.
func readSubmissions(t *testing.T, db *store.DB) {
	t.Helper()
	byKey := map[fieldbot.SubmissionKey][]fieldbot.Submission{}
	var keys []fieldbot.SubmissionKey
	for _, s := range officeRevisions {
		if byKey[s.Key()] == nil {
			keys = append(keys, s.Key())
		}
		byKey[s.Key()] = append(byKey[s.Key()], s)
	}
	view(t, db, func(tx *store.Tx) error {
		for _, k := range keys {
			want := byKey[k]
			revs, err := tx.Revisions(k)
			if err != nil || len(revs) != len(want) {
				t.Errorf("Revisions(%v) = %d revisions, %v; want %d", k, len(revs), err, len(want))
				continue
			}
			for i := range want {
				if diff := sameRevision(revs[i], want[i]); diff != "" {
					t.Errorf("Revisions(%v)[%d] %s", k, i, diff)
				}
			}
			latest, ok, err := tx.Latest(k)
			if err != nil || !ok {
				t.Errorf("Latest(%v) = %v, %v", k, ok, err)
			} else if diff := sameRevision(latest, want[len(want)-1]); diff != "" {
				t.Errorf("Latest(%v) %s", k, diff)
			}
		}
		return nil
	})
	var all []fieldbot.Submission
	if err := db.LatestSubmissions("weekly", func(s fieldbot.Submission) error { all = append(all, s); return nil }); err != nil || len(all) != len(keys) {
		t.Fatalf("LatestSubmissions = %d, %v; want %d", len(all), err, len(keys))
	}
	for i, k := range keys {
		want := byKey[k]
		if diff := sameRevision(all[i], want[len(want)-1]); diff != "" {
			t.Errorf("LatestSubmissions[%d] %s", i, diff)
		}
	}
	var w46 []fieldbot.Submission
	if err := db.LatestInPeriod("weekly", "2026-W46", func(s fieldbot.Submission) error { w46 = append(w46, s); return nil }); err != nil || len(w46) != 1 {
		t.Fatalf("LatestInPeriod(2026-W46) = %d, %v; want 1", len(w46), err)
	}
	if diff := sameRevision(w46[0], officeRevisions[2]); diff != "" {
		t.Errorf("LatestInPeriod(2026-W46) %s", diff)
	}
}

// writeOffice fills db as a small office leaves it on a Friday afternoon:
// two people linked (An on Telegram and Zalo), An's week 45 report saved
// twice and week 46 once, An halfway through week 48's form, a message
// waiting to be sent, an unused invitation for Bích, preferences, a
// digest run recorded, a reopened period, an update in the inbox.
func writeOffice(t *testing.T, db *store.DB) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error {
		for _, a := range []store.Account{
			{Channel: "telegram", UserID: "1001", Chat: "1001", Phone: anPhone, Lang: "vi", Bound: fixClock.AddDate(0, 0, -30)},
			{Channel: "zalo", UserID: "a8f3c2", Chat: "a8f3c2", Phone: anPhone, Bound: fixClock.AddDate(0, 0, -20)},
			{Channel: "telegram", UserID: "1002", Chat: "1002", Phone: bichPhone, Lang: "vi", Bound: fixClock.AddDate(0, 0, -30)},
		} {
			if err := tx.BindAccount(a); err != nil {
				return err
			}
		}
		for i, s := range officeRevisions {
			if _, err := tx.PutSubmission(s); err != nil {
				t.Logf("submission %d", i)
				return err
			}
		}
		state, err := midForm.Encode()
		if err != nil {
			return err
		}
		if err := tx.PutChatState("telegram", "1001", state); err != nil {
			return err
		}
		if _, err := relay.Enqueue(tx, store.Outgoing{Channel: "telegram", Chat: "1002", Created: fixClock}, queued); err != nil {
			return err
		}
		if err := tx.PutInvite(inviteCode, store.Invite{Phone: bichPhone, IssuedBy: anPhone, Issued: fixClock, Expires: fixClock.Add(fieldbot.InviteValidity)}); err != nil {
			return err
		}
		if err := tx.SetLanguage(anPhone, "en"); err != nil {
			return err
		}
		if err := tx.SetPreferred(anPhone, "zalo"); err != nil {
			return err
		}
		if _, err := tx.Claim(store.Sent{Job: "digest", Scheduled: fixClock.Add(-7 * 24 * time.Hour), Recipient: bichPhone,
			Period: "2026-W47", Unit: "kv1", At: fixClock.Add(-7 * 24 * time.Hour), Channels: []string{"telegram:1002"}}); err != nil {
			return err
		}
		return tx.Reopen(fieldbot.Reopening{Form: "weekly", Period: "2026-W44", Unit: "kv1", Until: fixClock.AddDate(0, 0, 3), By: bichPhone})
	})
	if err := db.SetLastRun("digest", fixClock.Add(-7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 90001, Chat: "1002", Raw: []byte(`{"update_id":90001}`), Received: fixClock}}); err != nil {
		t.Fatal(err)
	}
}

// readOffice checks that db holds what writeOffice wrote, read with
// today's code.
func readOffice(t *testing.T, db *store.DB) {
	t.Helper()
	accounts, err := db.Accounts()
	if err != nil || len(accounts) != 3 {
		t.Fatalf("Accounts() = %+v, %v; want 3", accounts, err)
	}
	view(t, db, func(tx *store.Tx) error {
		if a, ok, err := tx.Account("zalo", "a8f3c2"); err != nil || !ok || a.Phone != anPhone {
			t.Errorf("An's Zalo account = %+v, %v, %v", a, ok, err)
		}
		if mine, err := tx.AccountsOf(anPhone); err != nil || len(mine) != 2 {
			t.Errorf("AccountsOf(An) = %+v, %v; want 2", mine, err)
		}
		raw, err := tx.ChatState("telegram", "1001")
		if err != nil {
			return err
		}
		st, err := conversation.DecodeState(raw)
		if err != nil || st.Step != midForm.Step || st.Field != 2 || st.Period != "2026-W48" || st.Answers["viec_xong"] != "6400" || st.Shape != midForm.Shape {
			t.Errorf("An's chat state = %+v, %v; want halfway through week 48", st, err)
		}
		if lang, err := tx.Language(anPhone); err != nil || lang != "en" {
			t.Errorf("An's language = %q, %v", lang, err)
		}
		if ch, err := tx.Preferred(anPhone); err != nil || ch != "zalo" {
			t.Errorf("An's channel = %q, %v", ch, err)
		}
		if sent, err := tx.SentFor("digest", "2026-W47"); err != nil || len(sent) != 1 || sent[0].Recipient != bichPhone {
			t.Errorf("digest send records = %+v, %v", sent, err)
		}
		if until, ok, err := tx.Reopened("weekly", "2026-W44", "kv1"); err != nil || !ok || !until.Equal(fixClock.AddDate(0, 0, 3)) {
			t.Errorf("reopened = %v, %v, %v", until, ok, err)
		}
		return nil
	})
	readSubmissions(t, db)
	out, err := db.Outbox("telegram")
	if err != nil || len(out) != 1 || out[0].Chat != "1002" {
		t.Fatalf("outbox = %+v, %v", out, err)
	}
	if m, err := relay.DecodeMessage(out[0].Payload); err != nil || m.Text != queued.Text || len(m.Options) != 1 {
		t.Errorf("queued message = %+v, %v", m, err)
	}
	if at, ok, err := db.LastRun("digest"); err != nil || !ok || !at.Equal(fixClock.Add(-7*24*time.Hour)) {
		t.Errorf("last digest run = %v, %v, %v", at, ok, err)
	}
	if pending, err := db.InboxPending("telegram"); err != nil || len(pending) != 1 || pending[0].ID != 90001 {
		t.Errorf("inbox = %+v, %v", pending, err)
	}
	// Last, as it changes the file: the invitation still works once.
	update(t, db, func(tx *store.Tx) error {
		inv, ok, err := tx.RedeemInvite(inviteCode, "zalo:b1", fixClock.Add(time.Hour))
		if err != nil || !ok || inv.Phone != bichPhone {
			t.Errorf("RedeemInvite = %+v, %v, %v", inv, ok, err)
		}
		return nil
	})
}

// writeOffice and readOffice agree with each other today.
func TestOfficeRoundTrip(t *testing.T) {
	db, _ := tempDB(t)
	writeOffice(t, db)
	readOffice(t, reopen(t, db))
}

// Every earlier release's database passes CheckFile and reads its
// submissions as it is (read-only: an older nightly copy being checked,
// exported or restored); opened for writing, it is migrated to
// SchemaVersion, passes the consistency check, reads back whole, and
// opens again as it is.
func TestReleaseFixtures(t *testing.T) {
	for _, name := range releaseFixtures {
		t.Run(filepath.Base(name), func(t *testing.T) {
			before, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			info, err := store.CheckFile(name)
			if err != nil || info.Schema > store.SchemaVersion {
				t.Errorf("CheckFile(%s) = %+v, %v", name, info, err)
			}
			ro, err := store.Open(name, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			readSubmissions(t, ro)
			ro.Close()
			if after, _ := os.ReadFile(name); !bytes.Equal(after, before) {
				t.Fatalf("reading %s changed it", name)
			}

			path := filepath.Join(t.TempDir(), "fieldbot.db") // never open the committed file read-write
			copyFile(t, name, path)
			db := open(t, path)
			if v, err := db.Schema(); err != nil || v != store.SchemaVersion {
				t.Errorf("schema after opening = %d, %v; want %d", v, err, store.SchemaVersion)
			}
			if err := db.Check(); err != nil {
				t.Errorf("consistency check: %v", err)
			}
			readOffice(t, db)
			db = reopen(t, db)
			if v, err := db.Schema(); err != nil || v != store.SchemaVersion {
				t.Errorf("schema after opening again = %d, %v; want %d", v, err, store.SchemaVersion)
			}
			readSubmissions(t, db)
			update(t, db, func(tx *store.Tx) error { // numbering goes on from the migrated revisions
				s := officeRevisions[1]
				s.SubmittedAt = time.Time{}
				got, err := tx.PutSubmission(s)
				if err == nil && got.Revision != 3 {
					t.Errorf("a revision after the migration is number %d; want 3", got.Revision)
				}
				return err
			})
		})
	}
}

// TestWriteReleaseFixture writes this release's fixture when asked to
// (-fixture PATH); see releaseFixtures.
func TestWriteReleaseFixture(t *testing.T) {
	if *fixture == "" {
		t.Skip("no -fixture path given")
	}
	if _, err := os.Stat(*fixture); err == nil {
		t.Fatalf("%s exists: a release's fixture is never regenerated", *fixture)
	}
	db, _ := tempDB(t)
	writeOffice(t, db)
	// A live file is grown ahead in large steps (16 MiB, mostly holes); a
	// backup holds only the pages in use, byte for byte the same data.
	if _, err := db.BackupFile(*fixture); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
