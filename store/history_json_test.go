package store_test

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// testdata/history-json-2026-12.db is a schema 2 file written by the code
// that kept the history as JSON with two index buckets (history_unit,
// history_person): writeOffice plus jsonEraEvents, appended with
// AppendEvent in that order. It was made at commit cd266c7 with
//
//	go test ./store -run TestWriteJSONHistoryFixture -jsonhistory testdata/history-json-2026-12.db
//
// and is never regenerated: today's code writes another format.
var jsonHistory = flag.String("jsonhistory", "", "write the JSON-era history fixture to this path")

// jsonEraEvents are the events in testdata/history-json-2026-12.db, oldest
// first: every kind, with and without unit or person, times in several
// zones, the revision events as relay wrote them then (changes in the
// form's order, all fields new in the first).
var jsonEraEvents = []fieldbot.Event{
	{At: fixClock.AddDate(0, 0, -30), Kind: fieldbot.EventLink, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "telegram:1001"},
	{At: officeRevisions[0].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W45#1",
		Changes: []fieldbot.Change{{Field: "viec_co_dieu_kien", New: "7581"}, {Field: "viec_xong", New: "6300"}, {Field: "tien_xong", New: "1500000000"}}},
	{At: officeRevisions[1].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "zalo:a8f3c2", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W45#2",
		Changes: []fieldbot.Change{{Field: "viec_xong", Old: "6300", New: "6310"}, {Field: "ghi_chu", New: "sửa số việc xong"}}},
	{At: fixClock.AddDate(0, 0, -10).UTC(), Kind: fieldbot.EventReopen, By: bichPhone, Via: "telegram:1002", Unit: "kv1", Ref: "weekly/2026-W44",
		Changes: []fieldbot.Change{{Field: "until", New: "2026-11-30T09:30:00Z"}}},
	{At: time.Date(2026, 11, 18, 7, 0, 0, 123456789, time.UTC), Kind: fieldbot.EventInvite, Via: "server", Unit: "kv2", Person: bichPhone},
	{At: officeRevisions[2].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W46#1",
		Changes: []fieldbot.Change{{Field: "viec_co_dieu_kien", New: "7590"}, {Field: "viec_xong", New: "6350"}, {Field: "tien_xong", New: "1750000000"}}},
	{At: fixClock.AddDate(0, 0, -5), Kind: fieldbot.EventRoster, Via: "server", Unit: "kv2", Person: "0933333333",
		Changes: []fieldbot.Change{{Field: "unit", Old: "kv1", New: "kv2"}, {Field: "role", New: "leader"}, {Field: "name", Old: "Lê Văn Cường"}}},
	{At: fixClock.AddDate(0, 0, -4).In(time.FixedZone("", -(3*3600 + 30*60))), Kind: fieldbot.EventTargets, Via: "server", Unit: "kv1",
		Changes: []fieldbot.Change{{Field: "viec_xong", Old: "6000", New: "6500"}}},
	{At: fixClock.AddDate(0, 0, -1), Kind: fieldbot.EventUnlink, By: bichPhone, Via: "zalo:b1", Unit: "kv1", Person: anPhone, Ref: "zalo:a8f3c2"},
	{At: fixClock, Kind: fieldbot.EventInvite, Via: "server", Ref: "nobody"},
}

// TestWriteJSONHistoryFixture wrote testdata/history-json-2026-12.db with
// the code of its time (see jsonHistory).
func TestWriteJSONHistoryFixture(t *testing.T) {
	if *jsonHistory == "" {
		t.Skip("no -jsonhistory path given")
	}
	if _, err := os.Stat(*jsonHistory); err == nil {
		t.Fatalf("%s exists: never regenerated", *jsonHistory)
	}
	db, _ := tempDB(t)
	writeOffice(t, db)
	appendEvents(t, db, jsonEraEvents...)
	if _, err := db.BackupFile(*jsonHistory); err != nil {
		t.Fatal(err)
	}
}
