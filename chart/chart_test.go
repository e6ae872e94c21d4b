package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

func render(t testing.TB, c Chart) image.Image {
	t.Helper()
	b, err := PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	return img
}

func panels(n int) []Panel {
	ps := sampleChart().Panels
	out := make([]Panel, n)
	for i := range out {
		out[i] = ps[i%len(ps)]
		out[i].Title = fmt.Sprintf("%s (%d)", out[i].Title, i+1)
	}
	return out
}

func TestPNGBoundsMatchSize(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		c := sampleChart()
		c.Panels = panels(n)
		img := render(t, c)
		w, h := Size(n)
		if got := img.Bounds(); got != image.Rect(0, 0, w, h) {
			t.Errorf("%d panels: bounds %v, Size says %dx%d", n, got, w, h)
		}
	}
	w1, h1 := Size(1)
	w2, h2 := Size(2)
	if w1 != w2 || h2-h1 != panelHeight || h1 != headerHeight+panelHeight {
		t.Errorf("Size(1) = %dx%d, Size(2) = %dx%d: want fixed width and %d px per panel", w1, h1, w2, h2, panelHeight)
	}
}

func TestPanelsCappedForTelegram(t *testing.T) {
	w, h := Size(100)
	if mw, mh := Size(maxPanels); w != mw || h != mh {
		t.Errorf("Size(100) = %dx%d, want Size(%d) = %dx%d", w, h, maxPanels, mw, mh)
	}
	if w+h > 10000 || float64(h)/float64(w) > 20 {
		t.Errorf("Size(%d) = %dx%d exceeds Telegram's photo limits", maxPanels, w, h)
	}
	c := sampleChart()
	c.Panels = panels(maxPanels + 3)
	b, err := PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("%d panels rendered %dx%d, want %dx%d", len(c.Panels), cfg.Width, cfg.Height, w, h)
	}
	if len(b) > 10<<20 {
		t.Errorf("%d bytes: over Telegram's 10 MB photo limit", len(b))
	}
}

// vietnameseLetters is the whole alphabet in both cases: every vowel with
// each of the five tone marks (and without), đ, and the Latin letters
// loanwords use.
func vietnameseLetters(t *testing.T) []rune {
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"} // huyền sắc hỏi ngã nặng
	var out []rune
	for _, v := range strings.Split("a ă â e ê i o ô ơ u ư y", " ") {
		for _, tone := range tones {
			for _, s := range []string{v, strings.ToUpper(v)} {
				r := []rune(norm.NFC.String(s + tone))
				if len(r) != 1 {
					t.Fatalf("%q+%U does not compose to one letter", s, []rune(tone))
				}
				out = append(out, r[0])
			}
		}
	}
	out = append(out, 'đ', 'Đ')
	for r := 'a'; r <= 'z'; r++ {
		out = append(out, r, r-'a'+'A')
	}
	return out
}

func TestVietnameseGlyphs(t *testing.T) {
	letters := vietnameseLetters(t)
	if len(letters) != 12*6*2+2+26*2 {
		t.Fatalf("%d letters", len(letters))
	}
	// The marks the chart draws itself.
	letters = append(letters, '—', '…', '≥', '<', '%', ',', '.', '/', '(', ')')
	for _, f := range []fontSpec{regular, bold, italic} {
		fc := face(f, 12)
		if fc.Face == nil {
			t.Fatalf("%s: no face", f.Name())
		}
		var buf sfnt.Buffer
		name, err := fc.Face.Name(&buf, sfnt.NameIDFamily)
		if err != nil || name != "Liberation Sans" {
			t.Errorf("%s: face is %q (%v), want Liberation Sans", f.Name(), name, err)
		}
		var missing []string
		for _, r := range letters {
			i, err := fc.Face.GlyphIndex(&buf, r)
			if err != nil || i == 0 {
				missing = append(missing, fmt.Sprintf("%c %U", r, r))
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s has no glyph for %s", f.Name(), strings.Join(missing, ", "))
		}
	}
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (299*r+587*g+114*b)/1000 < 0x6000
}

func darkPixels(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if isDark(img.At(x, y)) {
				n++
			}
		}
	}
	return n
}

func noData(title string) Chart {
	nan := math.NaN()
	return Chart{
		Title: title,
		Panels: []Panel{{Title: "Tỷ lệ thi hành xong về việc", Bars: []Bar{
			{Label: "Phòng Thi hành án dân sự khu vực 1", Value: nan, Target: nan},
			{Label: "Phòng Thi hành án dân sự khu vực 2", Value: nan, Target: nan},
		}}},
	}
}

func TestTitleReachesImage(t *testing.T) {
	// The title's line in the header, above the legend.
	fc := face(bold, sizeTitle)
	ext := fc.Extents()
	area := image.Rect(int(margin), 16, width-int(margin), 16+int(ext.Ascent+ext.Descent))

	blank := render(t, noData(""))
	if n := darkPixels(blank, area); n != 0 {
		t.Fatalf("no title, yet %d dark pixels in the title area", n)
	}
	titled := render(t, noData("Thi hành án dân sự tỉnh Đồng Tháp — tuần 48/2026"))
	if n := darkPixels(titled, area); n < 1000 {
		t.Errorf("title drawn with only %d dark pixels", n)
	}
}

// TestTonesReachImage checks that tone marks are drawn where they belong:
// above the capitals and below the baseline, where plain capitals leave
// the header empty.
func TestTonesReachImage(t *testing.T) {
	fc := face(bold, sizeTitle)
	ext := fc.Extents()
	baseline := 16 + float64(ext.Ascent)
	capTop := baseline - 0.73*sizeTitle // Liberation Sans capitals are 0.729 em
	above := image.Rect(int(margin), 8, 600, int(capTop)-2)
	below := image.Rect(int(margin), int(baseline)+2, 600, int(baseline+float64(ext.Descent)))

	plain := render(t, noData("EEEE AAAA OOOO"))
	if n, m := darkPixels(plain, above), darkPixels(plain, below); n+m != 0 {
		t.Fatalf("plain capitals: %d dark pixels above, %d below", n, m)
	}
	marked := render(t, noData("ỄỄỄỄ ẶẶẶẶ ỘỘỘỘ"))
	if n := darkPixels(marked, above); n < 50 {
		t.Errorf("tones above the capitals: %d dark pixels", n)
	}
	if n := darkPixels(marked, below); n < 20 {
		t.Errorf("dots below the capitals: %d dark pixels", n)
	}
}

// TestDecomposedTextRendersAsComposed: names typed with combining marks
// (NFD, as some keyboards and spreadsheets produce) come out exactly like
// precomposed ones.
func TestDecomposedTextRendersAsComposed(t *testing.T) {
	title := "Thi hành án dân sự tỉnh Đồng Tháp — Tỷ lệ thi hành xong về việc"
	nfc := noData(norm.NFC.String(title))
	nfd := noData(norm.NFD.String(title))
	if norm.NFD.String(title) == title {
		t.Fatal("test title has nothing to decompose")
	}
	a, err := PNG(nfc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(nfd)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("NFD title renders differently from NFC")
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestBarColours(t *testing.T) {
	c := sampleChart()
	img := render(t, c)
	format := c.formatter()
	for pi, p := range c.Panels {
		g := layoutPanel(p, pi, format)
		for bi, b := range p.Bars {
			bg := g.bars[bi]
			x := int(bg.cx)
			y := int((g.y(0) + g.y(b.Value)) / 2)
			want, name := colCalm, "calm"
			if b.Behind {
				want, name = colWarn, "warning"
			}
			if got := img.At(x, y); !sameColor(got, want) {
				t.Errorf("panel %d bar %d (%.2f, expected %.2f, target %.2f): pixel (%d,%d) is %v, want %s %v",
					pi+1, bi+1, b.Value, b.Expected, b.Target, x, y, got, name, want)
			}
		}
	}
	// The sample has, in each panel, units behind the pace, and units
	// below their year-end target that are not behind it.
	for _, p := range c.Panels {
		behind, belowTargetOnly := 0, 0
		for _, b := range p.Bars {
			if b.Behind {
				behind++
			} else if b.Value < b.Target {
				belowTargetOnly++
			}
		}
		if behind == 0 || belowTargetOnly == 0 {
			t.Fatalf("%s: %d behind, %d only below target", p.Title, behind, belowTargetOnly)
		}
	}
}

// TestTargetLines: a dark line crosses each bar at its target; with a
// target of their own the lines stop between bars, with one target for all
// it runs through.
func TestTargetLines(t *testing.T) {
	darkAcross := func(img image.Image, x0, x1, y int) bool {
		for x := x0; x < x1; x++ {
			for dy := -1; dy <= 1; dy++ {
				if isDark(img.At(x, y+dy)) {
					return true
				}
			}
		}
		return false
	}
	c := sampleChart()
	img := render(t, c)
	g := layoutPanel(c.Panels[0], 0, c.formatter())
	for i, b := range g.bars {
		y := int(g.y(b.target))
		if !darkAcross(img, int(b.cx)-3, int(b.cx)+3, y) {
			t.Errorf("bar %d: no target line at row %d", i+1, y)
		}
		if i > 0 {
			gap := int((g.bars[i-1].x1 + b.x0) / 2)
			if darkAcross(img, gap-2, gap+2, y) {
				t.Errorf("bar %d: per-bar target line runs into the gap before it", i+1)
			}
		}
	}

	// Same targets everywhere: one line, also between the bars.
	for i := range c.Panels[0].Bars {
		c.Panels[0].Bars[i].Target = 83.9
	}
	img = render(t, c)
	g = layoutPanel(c.Panels[0], 0, c.formatter())
	if math.IsNaN(g.common) {
		t.Fatal("shared target not recognised")
	}
	y := int(g.y(83.9))
	for i := 1; i < len(g.bars); i++ {
		gap := (g.bars[i-1].x1 + g.bars[i].x0) / 2
		if !darkAcross(img, int(gap)-8, int(gap)+8, y) {
			t.Errorf("shared target line missing between bars %d and %d", i, i+1)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := PNG(Chart{Title: "x"}); err == nil {
		t.Error("no panels: no error")
	}
	c := sampleChart()
	c.Panels = append(c.Panels, Panel{Title: "Trống"})
	if _, err := PNG(c); err == nil || !strings.Contains(err.Error(), "Trống") {
		t.Errorf("panel without bars: err = %v", err)
	}
	c.Panels = []Panel{{Title: "Trống"}, sampleChart().Panels[0]}
	if _, err := PNG(c); err == nil {
		t.Error("first panel without bars: no error")
	}
}

func TestMissingAndOddValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := map[string][]Bar{
		"all NaN":        {{"A", nan, nan, nan, false}, {"B", nan, nan, nan, false}},
		"NaN values":     {{"A", nan, 80, nan, false}, {"B", 90, 80, nan, false}},
		"NaN targets":    {{"A", 70, nan, nan, false}, {"B", 90, 80, nan, false}},
		"infinities":     {{"A", inf, -inf, nan, false}, {"B", -inf, inf, nan, false}},
		"over 100":       {{"A", 140, 120, nan, false}, {"B", 99.5, 100, nan, false}},
		"negative":       {{"A", -12, 10, nan, false}, {"B", 0, 0, nan, false}},
		"one bar":        {{"Phòng Thi hành án dân sự khu vực 1", 50, 50, nan, false}},
		"empty labels":   {{"", 10, 20, nan, false}, {"", 30, 20, nan, false}},
		"all equal zero": {{"A", 0, 0, nan, false}, {"B", 0, 0, nan, false}},
	}
	for name, bars := range cases {
		t.Run(name, func(t *testing.T) {
			c := Chart{Panels: []Panel{{Title: name, Bars: bars}}}
			img := render(t, c)
			if w, h := Size(1); img.Bounds().Dx() != w || img.Bounds().Dy() != h {
				t.Errorf("bounds %v", img.Bounds())
			}
		})
	}
	g := layoutPanel(Panel{Bars: cases["NaN values"]}, 0, Chart{}.formatter())
	if g.bars[0].hasValue || g.bars[0].valueText != "—" {
		t.Errorf("NaN value: hasValue %v, label %q", g.bars[0].hasValue, g.bars[0].valueText)
	}
	if g.bars[1].valueText != "90.00%" {
		t.Errorf("default format: %q", g.bars[1].valueText)
	}
}

func TestShorten(t *testing.T) {
	var names []string
	for i := 1; i <= 12; i++ {
		names = append(names, fmt.Sprintf("Phòng Thi hành án dân sự khu vực %d", i))
	}
	got, caption := shorten(names)
	if got[0] != "khu vực 1" || got[11] != "khu vực 12" || caption != "Phòng Thi hành án dân sự …" {
		t.Errorf("got %q … %q, caption %q", got[0], got[11], caption)
	}

	mixed := []string{"Cục THADS tỉnh Đồng Tháp", "Chi cục THADS huyện Lấp Vò", "Chi cục THADS thành phố Sa Đéc", "Chi cục THADS huyện Tháp Mười"}
	got, caption = shorten(mixed)
	want := []string{"Cục THADS tỉnh Đồng Tháp", "huyện Lấp Vò", "thành phố Sa Đéc", "huyện Tháp Mười"}
	if strings.Join(got, "|") != strings.Join(want, "|") || caption != "Chi cục THADS …" {
		t.Errorf("got %q, caption %q", got, caption)
	}

	for _, keep := range [][]string{
		{"Đội 1", "Đội 2"},
		{"Huyện Cao Lãnh", "Huyện Lai Vung"},
		{"Phòng Thi hành án dân sự khu vực 1"},
		{"Cao Lãnh", "Sa Đéc", "Hồng Ngự"},
	} {
		got, caption := shorten(keep)
		if strings.Join(got, "|") != strings.Join(keep, "|") || caption != "" {
			t.Errorf("%q shortened to %q, caption %q", keep, got, caption)
		}
	}
}

// TestLabelsReadable: thirteen to fifteen sub-units with long names keep
// labels at a readable size, whole, in at most three lines.
func TestLabelsReadable(t *testing.T) {
	for _, n := range []int{12, 13, 15} {
		var bars []Bar
		for i := 1; i <= n; i++ {
			bars = append(bars, Bar{Label: fmt.Sprintf("Phòng Thi hành án dân sự khu vực %d", i), Value: 80, Target: 83.9})
		}
		g := layoutPanel(Panel{Bars: bars}, 0, Chart{}.formatter())
		if g.labelSize < 15 {
			t.Errorf("%d bars: labels at %gpx", n, g.labelSize)
		}
		slot := (g.right - g.left) / float64(n)
		for i, b := range g.bars {
			text := strings.Join(b.label, " ")
			if len(b.label) > maxLabelLines || strings.Contains(text, "…") || !strings.HasSuffix(text, fmt.Sprint(i+1)) {
				t.Errorf("%d bars: label %d is %q", n, i+1, b.label)
			}
			for _, l := range b.label {
				if w := textWidth(l, regular, g.labelSize); w > slot {
					t.Errorf("%d bars: %q is %.0fpx in a %.0fpx slot", n, l, w, slot)
				}
			}
		}
		if g.valueSize < 14 {
			t.Errorf("%d bars: value labels at %gpx", n, g.valueSize)
		}
	}

	// A name too long for its slot keeps its distinguishing end.
	lines, fits := wrap("Chi cục Thi hành án dân sự thành phố Hồng Ngự tỉnh Đồng Tháp", regular, 15, 60, 3)
	if fits || len(lines) != 3 || !strings.HasPrefix(lines[0], "…") || !strings.HasSuffix(lines[2], "Tháp") {
		t.Errorf("wrap kept %q (fits %v)", lines, fits)
	}
}

func TestConcurrent(t *testing.T) {
	want, err := PNG(sampleChart())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := PNG(sampleChart())
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent render differs (err %v)", err)
			}
		})
	}
	wg.Wait()
}

func BenchmarkPNG(b *testing.B) {
	c := sampleChart()
	for i := range c.Panels {
		p := &c.Panels[i]
		p.Bars = append(p.Bars, Bar{Label: "Phòng Thi hành án dân sự khu vực 13", Value: 66.6, Target: p.Bars[0].Target})
	}
	var size int
	for b.Loop() {
		png, err := PNG(c)
		if err != nil {
			b.Fatal(err)
		}
		size = len(png)
	}
	b.ReportMetric(float64(size), "png-bytes")
}
