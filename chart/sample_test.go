package chart

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// vietnamesePercent formats the way the digest does: two decimals, a comma.
func vietnamesePercent(v float64) string {
	return strings.Replace(fmt.Sprintf("%.2f%%", v), ".", ",", 1)
}

// sampleChart is a realistic Friday digest for a province with 12 regional
// offices, late in the year: two of them have targets of their own, and
// each bar its expected-by-now value. Several offices are below their
// year-end target yet ahead of that pace: they are not behind.
func sampleChart() Chart {
	viec := []float64{91.42, 88.07, 86.5, 84.93, 83.12, 81.89, 80.4, 79.66, 77.35, 75.18, 73.9, 70.62}
	tien := []float64{58.7, 55.21, 52.04, 50.3, 48.77, 46.15, 45.02, 43.6, 41.28, 38.9, 35.47, 31.05}
	var pv, pt []Bar
	for i := range viec {
		name := fmt.Sprintf("Phòng Thi hành án dân sự khu vực %d", i+1)
		tv, tt := 83.9, 45.0
		ev, et := 80.5, 42.0
		switch i + 1 {
		case 4:
			tv, tt, ev, et = 86.0, 52.0, 82.5, 48.5
		case 9:
			tv, tt, ev, et = 75.0, 40.0, 72.0, 37.5
		}
		pv = append(pv, Bar{Label: name, Value: viec[i], Target: tv, Expected: ev, Behind: viec[i] < ev})
		pt = append(pt, Bar{Label: name, Value: tien[i], Target: tt, Expected: et, Behind: tien[i] < et})
	}
	return Chart{
		Title:         "Thi hành án dân sự tỉnh Đồng Tháp — tuần 48/2026",
		TargetLabel:   "Chỉ tiêu năm",
		ExpectedLabel: "Cần đạt đến nay",
		Format:        vietnamesePercent,
		Panels: []Panel{
			{Title: "Tỷ lệ thi hành xong về việc", Bars: pv},
			{Title: "Tỷ lệ thi hành xong về tiền", Bars: pt},
		},
	}
}

// TestWriteSample writes the sample chart for the docs when
// FIELDBOT_WRITE_SAMPLE names a file.
func TestWriteSample(t *testing.T) {
	path := os.Getenv("FIELDBOT_WRITE_SAMPLE")
	if path == "" {
		t.Skip("FIELDBOT_WRITE_SAMPLE not set")
	}
	b, err := PNG(sampleChart())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d bytes", path, len(b))
}
