package store

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// wantRow is a LatestRow as LatestSubmissions and Answers.Float give it.
type wantRow struct {
	period, unit, phone string
	revision            int
	at                  int64
	values              []uint64 // math.Float64bits: NaN and -0 compared exactly
}

func (r wantRow) String() string {
	return fmt.Sprintf("%s/%s/%s#%d at %d %v", r.period, r.unit, r.phone, r.revision, r.at, r.values)
}

func rowsOf(t *testing.T, db *DB, form, from string, fields []string) []wantRow {
	t.Helper()
	var out []wantRow
	err := db.LatestRows(form, from, fields, func(r *LatestRow) error {
		w := wantRow{period: string(r.Period), unit: string(r.Unit), phone: string(r.Phone), revision: r.Revision, at: r.At}
		for _, v := range r.Values {
			w.values = append(w.values, math.Float64bits(v))
		}
		out = append(out, w)
		return nil
	})
	if err != nil {
		t.Fatalf("LatestRows(%q, %q): %v", form, from, err)
	}
	return out
}

func slowRows(t *testing.T, db *DB, form, from string, fields []string) []wantRow {
	t.Helper()
	var out []wantRow
	err := db.LatestSubmissions(form, func(s fieldbot.Submission) error {
		if s.Period < from {
			return nil
		}
		w := wantRow{period: s.Period, unit: s.Unit, phone: s.Phone, revision: s.Revision, at: s.SubmittedAt.UnixNano()}
		for _, f := range fields {
			v, _ := s.Answers.Float(f) // as the ledger reads them
			w.values = append(w.values, math.Float64bits(v))
		}
		out = append(out, w)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameRows(t *testing.T, what string, got, want []wantRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows; want %d", what, len(got), len(want))
		return
	}
	for i := range want {
		if got[i].String() != want[i].String() {
			t.Errorf("%s: row %d = %v; want %v", what, i, got[i], want[i])
			return
		}
	}
}

// LatestRows gives what LatestSubmissions and Answers.Float give, bit for
// bit, for the generated national weeks and for answers of every shape.
func TestLatestRowsAsLatestSubmissions(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writeNational(t, db, 60, 4)
	odd := []string{"1.234", "12,5", "1e400", "-1e400", "NaN", "-0", "007", " 12", "0x1p-2", "9007199254740993", "-9223372036854775808",
		"1_000", "Inf", "", "chờ kê biên", "4e-400", "+5", "0.1"}
	err = db.Update(t.Context(), func(tx *Tx) error {
		for i, v := range odd {
			_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2027-W02", Unit: "p0_kv0", Phone: fmt.Sprintf("08%08d", i), SubmittedBy: "0900000000",
				SubmittedAt: time.Date(2027, 1, 12, 9, 0, 0, i, time.UTC), Via: "zalo:1",
				Answers: fieldbot.Answers{"viec_xong": v, "tien_xong": v + "0", "ghi_chu": v}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{"viec_xong", "tien_xong", "khong_co", "viec_co_dieu_kien", "ghi_chu", "viec_xong", "viec_dinh_chi", "tien_co_dieu_kien"}
	for _, from := range []string{"", "2027-W02", "2027-W03", "2027-W02\x01", "2027-W9", "2026"} {
		got, want := rowsOf(t, db, "weekly", from, fields), slowRows(t, db, "weekly", from, fields)
		sameRows(t, fmt.Sprintf("from %q", from), got, want)
		if from == "" && len(got) != 60*4+len(odd) {
			t.Errorf("%d rows; want %d", len(got), 60*4+len(odd))
		}
	}
	if got := rowsOf(t, db, "monthly", "", fields); len(got) != 0 {
		t.Errorf("a form with no reports: %v", got)
	}
	if got := rowsOf(t, db, "weekly", "", nil); len(got) != 60*4+len(odd) || len(got[0].values) != 0 {
		t.Errorf("no fields: %d rows", len(got))
	}
	// fn's error stops the scan.
	stop, n := errors.New("stop"), 0
	if err := db.LatestRows("weekly", "", fields, func(*LatestRow) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("LatestRows with an erring fn = %v after %d rows", err, n)
	}
}

// A schema 1 or 2 file opened read-only (an older copy) reads the same
// way.
func TestLatestRowsSchema1(t *testing.T) {
	const fixture = "testdata/release-2026-12.db"
	ro, err := Open(fixture, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	fields := []string{"viec_xong", "tien_xong", "ghi_chu"}
	got := rowsOf(t, ro, "weekly", "", fields)
	sameRows(t, "schema 1", got, slowRows(t, ro, "weekly", "", fields))
	if len(got) != 2 || got[0].revision != 2 || math.Float64frombits(got[0].values[0]) != 6310 {
		t.Errorf("schema 1 rows = %v", got)
	}
	sameRows(t, "schema 1 from W46", rowsOf(t, ro, "weekly", "2026-W46", fields), got[1:])
	// And once migrated.
	db, err := Open(copyTo(t, fixture), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sameRows(t, "migrated", rowsOf(t, db, "weekly", "", fields), got)
	// Schema 2's records (Via inline), read-only.
	ro2, err := Open("testdata/history-json-2026-12.db", Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro2.Close()
	sameRows(t, "schema 2", rowsOf(t, ro2, "weekly", "", fields), got)
}
