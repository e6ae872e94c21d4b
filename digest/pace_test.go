package digest_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/chart"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
)

// firstQuarter is the example province on Monday 07/12/2026, ten weeks into
// the statistical year 2027, when every unit is far below its year-end
// target. Expected by the end of the day (config.example.toml):
//
//	việc: 21% at 31/12 → 15,52% (khu vực 1: 43% at 31/03 → 16,07%)
//	tiền: 11% at 31/12 → 8,13% (khu vực 1: 53% → 9,87%; khu vực 2: 48% → 8,94%)
//
// The reports of week 49 (việc done of 100 or 200; tiền done of 100 tỷ):
//
//	khu vực 1: An 20, 12 tỷ; Dung 10 ⚠️, 12 tỷ; Phúc 19, 8 tỷ ⚠️ → 16,33%, 10,67%
//	khu vực 2: Hạnh 20 of 200 ⚠️, 10 tỷ                      → 10,00% ⚠️, 10,00%
//	khu vực 3: Minh 17, 5 tỷ ⚠️                               → 17,00%, 5,00% ⚠️
//	the province: 86 of 600 = 14,33% ⚠️; 47 of 500 tỷ = 9,40%
func firstQuarter(t *testing.T) (*digest.Config, time.Time) {
	t.Helper()
	cfg, err := config.Load("../config.example.toml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	form, _ := cfg.Form("weekly")
	ledger := progress.NewLedger(progress.Config{Tree: cfg.Tree, Roster: cfg.Roster, Form: form,
		Indicators: cfg.Indicators, Formulas: cfg.Formulas, Targets: cfg.Targets, Calendar: cfg.Calendar})
	const ty = 1_000_000_000
	for _, r := range []struct {
		phone                  string
		cdk, xong, tcdk, txong int64
	}{
		{an, 100, 20, 100 * ty, 12 * ty}, {dung, 100, 10, 100 * ty, 12 * ty}, {"84935111201", 100, 19, 100 * ty, 8 * ty},
		{hanh, 200, 20, 100 * ty, 10 * ty}, {"0977303301", 100, 17, 100 * ty, 5 * ty},
	} {
		p, ok := cfg.Roster.Lookup(r.phone)
		if !ok {
			t.Fatalf("%s is not in the example roster", r.phone)
		}
		ledger.Add(fieldbot.Submission{Form: "weekly", Period: "2026-W49", Unit: p.Unit, Phone: p.Phone, Revision: 1,
			Answers: fieldbot.Answers{"viec_co_dieu_kien": itoa(r.cdk), "viec_xong": itoa(r.xong), "viec_dinh_chi": "0",
				"tien_co_dieu_kien": itoa(r.tcdk), "tien_xong": itoa(r.txong)}})
	}
	return &digest.Config{Tree: cfg.Tree, Roster: cfg.Roster, Calendar: cfg.Calendar, Forms: cfg.Forms,
		Form: *form, Lang: locale.VI, Progress: ledger}, time.Date(2026, 12, 7, 8, 0, 0, 0, cfg.Calendar.Location)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// warned is the lines of text with ⚠️.
func warned(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "⚠️") {
			out = append(out, l)
		}
	}
	return out
}

func TestDigestFlagsBehindPace(t *testing.T) {
	c, at := firstQuarter(t)
	per := c.Calendar.PeriodOf(fieldbot.PeriodWeek, at)
	for _, tt := range []struct {
		unit string
		want []string // the ⚠️ lines, in order, by what they contain
	}{
		{"dongthap", []string{"Cần đạt đến nay: 15,52% (chậm tiến độ 1,19 điểm)", "khu vực 2: <b>10,00%</b>", "khu vực 3: <b>5,00%</b>"}},
		{"kv1", []string{"Phạm Thị Dung: <b>10,00%</b>", "Huỳnh Văn Phúc: <b>8,00%</b>"}},
	} {
		msg, err := c.Build(digest.Request{Unit: tt.unit, Period: per, At: at})
		if err != nil {
			t.Fatal(err)
		}
		got := warned(msg.Text)
		ok := len(got) == len(tt.want)
		for i := 0; ok && i < len(got); i++ {
			ok = strings.Contains(got[i], tt.want[i])
		}
		if !ok {
			t.Errorf("%s: ⚠️ lines\n%s\nwant one each for %q; the digest:\n%s", tt.unit, strings.Join(got, "\n"), tt.want, msg.Text)
		}
		if !strings.Contains(msg.Text, "so với chỉ tiêu năm") || !strings.Contains(msg.Text, "Chỉ tiêu năm: ") {
			t.Errorf("%s: the year's target is not visible:\n%s", tt.unit, msg.Text)
		}
		if tt.unit == "dongthap" && !strings.Contains(msg.Text, "cần thu thêm 213 tỷ đồng") {
			t.Errorf("the province's money still needed is not rounded for reading:\n%s", msg.Text)
		}
	}
}

var (
	orange = color.RGBA{0xF0, 0x8A, 0x3C, 0xFF}
	purple = color.RGBA{0x8E, 0x24, 0xAA, 0xFF}
)

// runs is the largest number of separate runs of colour col on one row of
// img between rows y0 and y1: with bars standing on one axis, some row
// crosses every bar of that colour.
func runs(img image.Image, y0, y1 int, col color.Color) int {
	best := 0
	r0, g0, b0, _ := col.RGBA()
	for y := y0; y < y1; y++ {
		n, in := 0, false
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			is := r == r0 && g == g0 && b == b0
			if is && !in {
				n++
			}
			in = is
		}
		best = max(best, n)
	}
	return best
}

// TestDigestChartShowsPace: the province's chart has one orange bar per
// panel (khu vực 2 for cases, khu vực 3 for money), not twelve, and an
// expected-by-now mark on every bar.
func TestDigestChartShowsPace(t *testing.T) {
	c, at := firstQuarter(t)
	msg, err := c.Build(digest.Request{Unit: "dongthap", Period: c.Calendar.PeriodOf(fieldbot.PeriodWeek, at), At: at})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Photo == nil {
		t.Fatal("no chart")
	}
	if path := os.Getenv("FIELDBOT_WRITE_DIGEST_CHART"); path != "" {
		if err := os.WriteFile(path, msg.Photo.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(msg.Photo.Data))
	if err != nil {
		t.Fatal(err)
	}
	_, header := chart.Size(0)
	_, one := chart.Size(1)
	panel := one - header
	for i, name := range []string{"việc", "tiền"} {
		top := header + i*panel
		if n := runs(img, top, top+panel, orange); n != 1 {
			t.Errorf("%s panel: %d orange bars; want 1", name, n)
		}
		if n := runs(img, top, top+panel, purple); n < 10 {
			t.Errorf("%s panel: expected-by-now marks on at most %d bars of a row; want one on every bar", name, n)
		}
	}
	if runs(img, 0, header, purple) != 1 {
		t.Error("the legend has no expected-by-now sample")
	}
}
