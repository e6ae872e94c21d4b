package locale

import "testing"

func TestFormatMoneyRounded(t *testing.T) {
	for _, tt := range []struct {
		dong   int64
		vi, en string
	}{
		{1_364_083_000_000, "1.364 tỷ đồng", "1,364 billion VND"},
		{1_364_082_999_999, "1.364 tỷ đồng", "1,364 billion VND"},
		{2_500_000_000, "2,5 tỷ đồng", "2.5 billion VND"},
		{2_000_000_000, "2 tỷ đồng", "2 billion VND"},
		{12_345_000_000, "12,3 tỷ đồng", "12.3 billion VND"},
		{1_234_567_890, "1,23 tỷ đồng", "1.23 billion VND"},
		{999_600_000, "1 tỷ đồng", "1 billion VND"}, // 999,6 triệu rounds to 1.000 triệu: say 1 tỷ
		{850_000_000, "850 triệu đồng", "850 million VND"},
		{12_345_678, "12,3 triệu đồng", "12.3 million VND"},
		{1_500_000, "1,5 triệu đồng", "1.5 million VND"},
		{999_999, "999.999 đồng", "999,999 VND"},
		{0, "0 đồng", "0 VND"},
		{-2_500_000_000, "-2,5 tỷ đồng", "-2.5 billion VND"},
		{9_000_000_000_000_000, "9.000.000 tỷ đồng", "9,000,000 billion VND"},
	} {
		if got := FormatMoneyRounded(VI, tt.dong); got != tt.vi {
			t.Errorf("FormatMoneyRounded(vi, %d) = %q; want %q", tt.dong, got, tt.vi)
		}
		if got := FormatMoneyRounded(EN, tt.dong); got != tt.en {
			t.Errorf("FormatMoneyRounded(en, %d) = %q; want %q", tt.dong, got, tt.en)
		}
	}
}
