package chart

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"gonum.org/v1/plot/vg/vgimg"
)

// Chart is one digest image.
type Chart struct {
	Title         string               // e.g. "Thi hành án dân sự tỉnh Đồng Tháp — tuần 48/2026"
	Panels        []Panel              // one per indicator, drawn top to bottom; at most 8 are drawn
	TargetLabel   string               // legend text for the target line, e.g. "Chỉ tiêu năm" (caller localises); "" = "Chỉ tiêu"
	ExpectedLabel string               // legend text for the expected-by-now mark, e.g. "Cần đạt đến nay"; "" = that
	Format        func(float64) string // formats a value label, e.g. 81.894 -> "81,89%"; nil = "%.2f%%"
}

// Panel is one indicator: a bar per sub-unit.
type Panel struct {
	Title string // the indicator label
	Bars  []Bar  // in the order to draw (caller sorts)
}

// Bar is one sub-unit's rate against where it should be by now and its
// year-end target.
type Bar struct {
	Label    string  // sub-unit name; a prefix shared by all labels of the panel is dropped, the rest wrapped
	Value    float64 // percent; NaN (or ±Inf) = no data: no bar, label "—"
	Target   float64 // percent; NaN (or ±Inf) = no target
	Expected float64 // percent expected by now; NaN (or ±Inf) = none. The zero value is 0%.
	// Behind draws the bar in the warning colour. The caller judges it
	// (progress.Figure.Behind: below the expected-by-now value), so the
	// chart and the text flag the same units.
	Behind bool
}

// Geometry in pixels. The canvas is rendered at 72 dpi, so one vg point is
// one pixel.
const (
	width        = 1280
	headerHeight = 104
	panelHeight  = 560
	// maxPanels keeps the tallest image at 1280×4584: within Telegram's
	// photo limit (width + height ≤ 10000) and still legible once Telegram
	// scales it down. Panels past it are not drawn.
	maxPanels = 8

	margin = 32.0
)

// Size returns the width and height in pixels of a rendered chart with n
// panels. n is clamped to [0, 8], as PNG draws at most 8 panels.
func Size(panels int) (w, h int) {
	panels = min(max(panels, 0), maxPanels)
	return width, headerHeight + panels*panelHeight
}

// PNG renders the chart. It errors on zero panels or a panel with zero
// bars. Only the first 8 panels are drawn (see Size).
func PNG(c Chart) ([]byte, error) {
	if len(c.Panels) == 0 {
		return nil, errors.New("chart: no panels")
	}
	for i, p := range c.Panels {
		if len(p.Bars) == 0 {
			return nil, fmt.Errorf("chart: panel %d (%q) has no bars", i+1, p.Title)
		}
	}
	panels := c.Panels
	if len(panels) > maxPanels {
		panels = panels[:maxPanels]
	}
	format := c.formatter()
	target := clean(c.TargetLabel)
	if target == "" {
		target = "Chỉ tiêu"
	}
	expected := clean(c.ExpectedLabel)
	if expected == "" {
		expected = "Cần đạt đến nay"
	}
	hasExpected := false
	for _, p := range panels {
		for _, b := range p.Bars {
			hasExpected = hasExpected || finite(b.Expected)
		}
	}

	w, h := Size(len(panels))
	rgba := canvases.get(w, h)
	defer canvases.put(rgba)
	img := vgimg.NewWith(vgimg.UseImageWithContext(rgba, context(rgba)), vgimg.UseDPI(72)) // white, the default
	k := canvas{c: img, h: float64(h)}
	drawHeader(k, clean(c.Title), legend(target, expected, hasExpected))
	for i, p := range panels {
		drawPanel(k, layoutPanel(p, i, format), format, target)
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression, BufferPool: encoders}
	if err := enc.Encode(&buf, img.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// formatter is Format, or "%.2f%%" when it is nil.
func (c Chart) formatter() func(float64) string {
	if c.Format != nil {
		return c.Format
	}
	return func(v float64) string { return fmt.Sprintf("%.2f%%", v) }
}

// Palette. Calm and warning are told apart by hue and by lightness, so the
// difference survives colour blindness and a greyscale screen.
var (
	colCalm      = color.RGBA{0x2B, 0x6C, 0xB0, 0xFF} // blue
	colWarn      = color.RGBA{0xF0, 0x8A, 0x3C, 0xFF} // orange
	colWarnText  = color.RGBA{0xB3, 0x4A, 0x0C, 0xFF}
	colTarget    = color.RGBA{0x1A, 0x20, 0x2C, 0xFF}
	colExpected  = color.RGBA{0x8E, 0x24, 0xAA, 0xFF} // purple: apart from both bar colours, the target's near-black and the grid
	colText      = color.RGBA{0x1F, 0x23, 0x28, 0xFF}
	colMuted     = color.RGBA{0x5B, 0x64, 0x6E, 0xFF}
	colGrid      = color.RGBA{0xE3, 0xE7, 0xEC, 0xFF}
	colAxis      = color.RGBA{0x8C, 0x95, 0x9F, 0xFF}
	colRule      = color.RGBA{0xD5, 0xDB, 0xE1, 0xFF}
	colHeaderBkg = color.RGBA{0xF4, 0xF6, 0xF9, 0xFF}
)

// Type sizes in pixels.
const (
	sizeTitle      = 34.0
	sizeTitleMin   = 22.0
	sizeLegend     = 19.0
	sizePanel      = 26.0
	sizePanelMin   = 18.0
	sizeTick       = 16.0
	sizeValue      = 18.0
	sizeValueMin   = 9.0
	sizeLabel      = 17.0
	sizeLabelMin   = 12.0
	sizeCaption    = 15.0
	maxLabelLines  = 3
	lineSpacing    = 1.15
	valueGap       = 5.0  // between a bar's top (or target line) and its value label
	targetWidth    = 3.0  // stroke of the target line
	expectedWidth  = 4.0  // stroke of the expected-by-now mark
	diamond        = 7.0  // half the width of the expected mark's diamond
	targetOverhang = 0.18 // target segment reaches this share of the bar width past each side
)

// Legend geometry: the row of entries in the header, and the size of a
// swatch.
const (
	legendY      = 70.0
	legendSwatch = 18.0
	legendLine   = 30.0 // length of a line sample
)

type legendKind int

const (
	legendCalm legendKind = iota
	legendWarn
	legendExpected
	legendTarget
)

// legendEntry is one sample and its label; x and w are the sample's.
type legendEntry struct {
	kind  legendKind
	label string
	x, w  float64
}

// legend lays out what the chart draws: the bar colours, named against
// the expected-by-now value when any bar has one (else against the
// target), the expected mark, and the target line. The bar entries reuse
// the caller's labels so that the legend has no text of its own to
// translate.
func legend(target, expected string, hasExpected bool) []legendEntry {
	against := target
	if hasExpected {
		against = expected
	}
	entries := []legendEntry{
		{kind: legendCalm, label: "≥ " + against, w: legendSwatch},
		{kind: legendWarn, label: "< " + against, w: legendSwatch},
	}
	if hasExpected {
		entries = append(entries, legendEntry{kind: legendExpected, label: expected, w: legendLine})
	}
	entries = append(entries, legendEntry{kind: legendTarget, label: target, w: legendLine})
	x := margin
	for i := range entries {
		entries[i].x = x
		x += entries[i].w + 8 + textWidth(entries[i].label, regular, sizeLegend) + 28
	}
	return entries
}

func drawHeader(k canvas, title string, entries []legendEntry) {
	k.rect(0, 0, width, headerHeight, colHeaderBkg)
	k.line(0, headerHeight-0.5, width, headerHeight-0.5, 1, colRule)
	if title != "" {
		size, title := fit(title, bold, sizeTitle, sizeTitleMin, width-2*margin)
		k.text(title, bold, size, margin, 16, alignLeft, colText)
	}
	y, sw := legendY, legendSwatch
	for _, e := range entries {
		switch e.kind {
		case legendCalm:
			k.rect(e.x, y, e.x+sw, y+sw, colCalm)
		case legendWarn:
			k.rect(e.x, y, e.x+sw, y+sw, colWarn)
		case legendExpected:
			drawExpected(k, e.x, e.x+e.w, y+sw/2)
		case legendTarget:
			k.line(e.x, y+sw/2, e.x+e.w, y+sw/2, targetWidth, colTarget)
		}
		k.text(e.label, regular, sizeLegend, e.x+e.w+8, y+sw/2, alignLeft|alignMiddle, colText)
	}
}

// drawExpected draws the expected-by-now mark from x0 to x1 at row y: a
// line with a diamond in its middle, so that it is told from the target
// line by shape as well as colour.
func drawExpected(k canvas, x0, x1, y float64) {
	k.line(x0, y, x1, y, expectedWidth, colExpected)
	cx := (x0 + x1) / 2
	k.poly(colExpected, cx-diamond, y, cx, y-diamond, cx+diamond, y, cx, y+diamond)
}

func drawPanel(k canvas, g panelGeom, format func(float64) string, target string) {
	if g.index > 0 {
		k.line(margin, g.top+0.5, width-margin, g.top+0.5, 1, colRule)
	}

	// Title row: indicator on the left, the shared target on the right.
	right := ""
	if !math.IsNaN(g.common) {
		right = target + ": " + clean(format(g.common))
	}
	rightW := 0.0
	if right != "" {
		rightW = textWidth(right, regular, sizeLegend) + 38
		rx := width - margin - textWidth(right, regular, sizeLegend)
		ry := g.top + 22 + sizePanel/2
		k.text(right, regular, sizeLegend, rx, ry, alignLeft|alignMiddle, colText)
		k.line(rx-38, ry, rx-8, ry, targetWidth, colTarget)
	}
	size, title := fit(g.title, bold, sizePanel, sizePanelMin, width-2*margin-rightW-24)
	k.text(title, bold, size, margin, g.top+22, alignLeft, colText)

	// Grid and y ticks.
	for _, t := range g.ticks {
		y := g.y(t)
		k.line(g.left, y, g.right, y, 1, colGrid)
		k.text(fmt.Sprintf("%g%%", t), regular, sizeTick, g.left-10, y, alignRight|alignMiddle, colMuted)
	}

	// Bars, then targets over them, then the zero line, then labels on top.
	for _, b := range g.bars {
		if b.hasValue {
			col := colCalm
			if b.behind {
				col = colWarn
			}
			y0, y1 := g.y(0), g.y(b.value)
			k.rect(b.x0, min(y0, y1), b.x1, max(y0, y1), col)
		}
	}
	if !math.IsNaN(g.common) {
		y := g.y(g.common)
		k.line(g.left, y, g.right, y, targetWidth, colTarget) // solid, as in the legend
	} else {
		for _, b := range g.bars {
			if b.hasTarget {
				over := (b.x1 - b.x0) * targetOverhang
				y := g.y(b.target)
				k.line(b.x0-over, y, b.x1+over, y, targetWidth, colTarget)
			}
		}
	}
	for _, b := range g.bars {
		if b.hasExpected {
			over := (b.x1 - b.x0) * targetOverhang
			drawExpected(k, b.x0-over/2, b.x1+over/2, g.y(b.expected))
		}
	}
	k.line(g.left, g.y(0), g.right, g.y(0), 1.5, colAxis)

	for _, b := range g.bars {
		col := colText
		if b.behind {
			col = colWarnText
		}
		if !b.hasValue {
			col = colMuted
		}
		k.text(b.valueText, bold, g.valueSize, b.cx, b.valueBottom, alignCenter|alignBottom, col)
		for j, line := range b.label {
			y := g.labelTop + float64(j)*g.labelSize*lineSpacing
			k.text(line, regular, g.labelSize, b.cx, y, alignCenter, colText)
		}
	}
	if g.caption != "" {
		size, caption := fit(g.caption, italic, sizeCaption, sizeCaption, g.right-g.left)
		k.text(caption, italic, size, (g.left+g.right)/2, g.captionTop, alignCenter, colMuted)
	}
}

// panelGeom is where everything of one panel goes, in pixels from the top
// left of the image. Tests use it to find the bars.
type panelGeom struct {
	index                 int
	top                   float64
	title, caption        string
	left, right           float64 // plot area
	scaleTop, scaleBottom float64 // pixels of yMax and yMin
	yMin, yMax            float64
	ticks                 []float64
	common                float64 // the target all bars share, or NaN
	bars                  []barGeom
	valueSize, labelSize  float64
	labelTop, captionTop  float64
}

type barGeom struct {
	cx, x0, x1                       float64
	value, target, expected          float64
	hasValue, hasTarget, hasExpected bool
	behind                           bool
	valueText                        string
	valueBottom                      float64
	label                            []string
}

// y maps a percent to a pixel row.
func (g panelGeom) y(v float64) float64 {
	v = min(max(v, g.yMin), g.yMax)
	return g.scaleBottom - (v-g.yMin)/(g.yMax-g.yMin)*(g.scaleBottom-g.scaleTop)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func layoutPanel(p Panel, index int, format func(float64) string) panelGeom {
	g := panelGeom{
		index:  index,
		top:    float64(headerHeight + index*panelHeight),
		title:  clean(p.Title),
		common: math.NaN(),
		yMax:   100,
	}
	n := len(p.Bars)
	g.bars = make([]barGeom, n)
	for i, b := range p.Bars {
		bg := &g.bars[i]
		bg.value, bg.target, bg.expected = b.Value, b.Target, b.Expected
		bg.hasValue, bg.hasTarget, bg.hasExpected = finite(b.Value), finite(b.Target), finite(b.Expected)
		bg.behind = bg.hasValue && b.Behind
		for _, v := range []float64{b.Value, b.Target, b.Expected} {
			if finite(v) {
				g.yMin = min(g.yMin, v)
				g.yMax = max(g.yMax, v)
			}
		}
		if bg.hasValue {
			bg.valueText = clean(format(b.Value))
		} else {
			bg.valueText = "—"
		}
	}
	// One continuous target line when every bar has the same target.
	if g.bars[0].hasTarget {
		g.common = g.bars[0].target
		for _, b := range g.bars {
			if !b.hasTarget || b.target != g.common {
				g.common = math.NaN()
				break
			}
		}
	}
	step := niceStep((g.yMax - g.yMin) / 5)
	g.yMax = math.Ceil(g.yMax/step-1e-9) * step
	g.yMin = math.Floor(g.yMin/step+1e-9) * step
	for t := g.yMin; t <= g.yMax+step/2; t += step {
		g.ticks = append(g.ticks, math.Round(t*1e6)/1e6)
	}

	// Horizontal: the y tick labels decide the left edge.
	tickW := 0.0
	for _, t := range g.ticks {
		tickW = max(tickW, textWidth(fmt.Sprintf("%g%%", t), regular, sizeTick))
	}
	g.left = margin + tickW + 12
	g.right = width - margin
	slot := (g.right - g.left) / float64(n)
	barW := min(slot*0.62, 84)
	for i := range g.bars {
		b := &g.bars[i]
		b.cx = g.left + slot*(float64(i)+0.5)
		b.x0, b.x1 = b.cx-barW/2, b.cx+barW/2
	}

	// Labels under the bars: shortened, wrapped to the slot, as large as
	// fits in three lines.
	labels := make([]string, n)
	for i, b := range p.Bars {
		labels[i] = clean(b.Label)
	}
	labels, g.caption = shorten(labels)
	// A label that does not fit even at the smallest size is cut, and does
	// not make the others small.
	label := func(l string, size float64) ([]string, bool) {
		wrapped, fits := wrap(l, regular, size, slot-8, maxLabelLines)
		if !fits {
			wrapped, fits = wrap(abbreviate(l), regular, size, slot-8, maxLabelLines)
		}
		return wrapped, fits
	}
	hopeless := make([]bool, n)
	for i, l := range labels {
		_, fits := label(l, sizeLabelMin)
		hopeless[i] = !fits
	}
	lines := 1
	for size := sizeLabel; size >= sizeLabelMin; size-- {
		ok := true
		lines = 1
		for i, l := range labels {
			wrapped, fits := label(l, size)
			g.bars[i].label = wrapped
			lines = max(lines, len(wrapped))
			ok = ok && (fits || hopeless[i])
		}
		g.labelSize = size
		if ok {
			break
		}
	}

	// Vertical, from the bottom of the panel up.
	bottom := g.top + panelHeight - 18
	if g.caption != "" {
		g.captionTop = bottom - sizeCaption*lineSpacing
		bottom = g.captionTop - 6
	}
	g.labelTop = bottom - float64(lines)*g.labelSize*lineSpacing
	g.scaleBottom = g.labelTop - 10
	g.valueSize = sizeValue
	for _, b := range g.bars {
		for g.valueSize > sizeValueMin && textWidth(b.valueText, bold, g.valueSize) > slot-6 {
			g.valueSize--
		}
	}
	// Room above the top tick for the value label of a full bar.
	g.scaleTop = g.top + 22 + sizePanel*lineSpacing + 18 + g.valueSize*lineSpacing + valueGap

	// Value labels sit on the bar, or on the target line when that would
	// cross them.
	labelH := g.valueSize * 1.05
	for i := range g.bars {
		b := &g.bars[i]
		base := g.y(0)
		if b.hasValue {
			base = g.y(max(b.value, 0))
		}
		b.valueBottom = base - valueGap
		// The lines that may cross the label, lowest first, each with
		// half its height.
		type mark struct{ y, half float64 }
		var marks []mark
		t := g.common
		if b.hasTarget {
			t = b.target
		}
		if finite(t) {
			marks = append(marks, mark{g.y(t), targetWidth / 2})
		}
		if b.hasExpected {
			marks = append(marks, mark{g.y(b.expected), diamond})
		}
		slices.SortFunc(marks, func(a, b mark) int { return cmp.Compare(b.y, a.y) })
		for _, m := range marks {
			if m.y < base+m.half && m.y > b.valueBottom-labelH-m.half-2 {
				b.valueBottom = m.y - m.half - valueGap
			}
		}
	}
	return g
}

// niceStep rounds raw up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || !finite(raw) {
		return 20
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// clean makes text safe to draw: NFC, so that a tone typed as a combining
// mark still finds the precomposed glyph, and one line.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}
