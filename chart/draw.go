package chart

import (
	"errors"
	"fmt"
	"image/color"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// fontSpec names a face in fonts; the size is given at each use.
type fontSpec = font.Font

// fonts holds the three Liberation Sans faces the chart uses (compiled in,
// as gonum.org/v1/plot ships them), parsed when the first chart is drawn.
// gonum's liberation.Collection parses all twelve faces: done at package
// init, that kept ~4 MB of an idle bot's memory busy (DESIGN §9 idle
// budget). The chart's own cache, rather than plot's DefaultCache, is
// not a package variable any other user may change.
var fonts = sync.OnceValue(func() *font.Cache {
	var faces font.Collection
	for _, f := range []struct {
		spec fontSpec
		ttf  []byte
	}{{regular, liberationsansregular.TTF}, {bold, liberationsansbold.TTF}, {italic, liberationsansitalic.TTF}} {
		parsed, err := opentype.Parse(f.ttf)
		if err != nil {
			panic(fmt.Sprintf("chart: the compiled-in font %+v does not parse: %v", f.spec, err))
		}
		faces = append(faces, font.Face{Font: f.spec, Face: parsed})
	}
	return font.NewCache(faces)
})

var (
	regular = fontSpec{Typeface: "Liberation", Variant: "Sans"}
	bold    = fontSpec{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
	italic  = fontSpec{Typeface: "Liberation", Variant: "Sans", Style: xfont.StyleItalic}
)

func face(f fontSpec, size float64) font.Face {
	return fonts().Lookup(f, font.Length(size))
}

// textWidth is font.Face.Width with a pooled glyph buffer: plot's Width
// allocates a fresh sfnt.Buffer at every call, and laying out the labels
// of a national digest's 390 charts measured ≈ 6 MB of garbage a chart
// that way. Same arithmetic, so the same layout to the last bit.
func textWidth(s string, f fontSpec, size float64) float64 {
	fc := face(f, size)
	buf := glyphBuffers.Get().(*sfnt.Buffer)
	defer glyphBuffers.Put(buf)
	var (
		ppem      = fixed.Int26_6(fc.Face.UnitsPerEm())
		scale     = fc.Font.Size / font.Points(float64(ppem))
		width     = 0
		hasPrev   = false
		prev, idx sfnt.GlyphIndex
		err       error
	)
	for _, r := range s {
		if idx, err = fc.Face.GlyphIndex(buf, r); err != nil {
			return float64(fc.Width(s)) // plot's own way, which reports it
		}
		if hasPrev {
			kern, err := fc.Face.Kern(buf, prev, idx, ppem, xfont.HintingNone)
			switch {
			case err == nil:
				width += int(kern)
			case !errors.Is(err, sfnt.ErrNotFound):
				return float64(fc.Width(s))
			}
		}
		adv, err := fc.Face.GlyphAdvance(buf, idx, ppem, xfont.HintingNone)
		if err != nil {
			return float64(fc.Width(s))
		}
		width += int(adv)
		prev, hasPrev = idx, true
	}
	return float64(font.Points(float64(width)) * scale)
}

var glyphBuffers = sync.Pool{New: func() any { return new(sfnt.Buffer) }}

// Text alignment: one horizontal and one vertical flag or'd together; the
// zero value is left, top.
type align uint8

const (
	alignLeft   align = 0
	alignCenter align = 1
	alignRight  align = 2
	alignTop    align = 0
	alignMiddle align = 4 // the middle of digits and capitals
	alignBottom align = 8 // the baseline
)

// canvas draws in pixels with y growing downwards, as image rows do; vg
// has y growing upwards.
type canvas struct {
	c vg.Canvas
	h float64
}

func (k canvas) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Length(x), Y: vg.Length(k.h - y)}
}

func (k canvas) rect(x0, y0, x1, y1 float64, col color.Color) {
	var p vg.Path
	p.Move(k.pt(x0, y0))
	p.Line(k.pt(x1, y0))
	p.Line(k.pt(x1, y1))
	p.Line(k.pt(x0, y1))
	p.Close()
	k.c.SetColor(col)
	k.c.Fill(p)
}

// poly fills the polygon through the points x0, y0, x1, y1, ….
func (k canvas) poly(col color.Color, xy ...float64) {
	var p vg.Path
	p.Move(k.pt(xy[0], xy[1]))
	for i := 2; i+1 < len(xy); i += 2 {
		p.Line(k.pt(xy[i], xy[i+1]))
	}
	p.Close()
	k.c.SetColor(col)
	k.c.Fill(p)
}

// line strokes a straight line; dashes, if any, alternate on and off
// lengths.
func (k canvas) line(x0, y0, x1, y1, w float64, col color.Color, dashes ...float64) {
	var p vg.Path
	p.Move(k.pt(x0, y0))
	p.Line(k.pt(x1, y1))
	k.c.Push()
	defer k.c.Pop()
	k.c.SetColor(col)
	k.c.SetLineWidth(vg.Length(w))
	ds := make([]vg.Length, len(dashes))
	for i, d := range dashes {
		ds[i] = vg.Length(d)
	}
	k.c.SetLineDash(ds, 0)
	k.c.Stroke(p)
}

// text draws one line of s so that (x, y) is at the given alignment of it:
// top means the top of the font's ascent.
func (k canvas) text(s string, f fontSpec, size, x, y float64, a align, col color.Color) {
	if s == "" {
		return
	}
	fc := face(f, size)
	ext := fc.Extents()
	switch a & 3 {
	case alignCenter:
		x -= textWidth(s, f, size) / 2
	case alignRight:
		x -= textWidth(s, f, size)
	}
	base := y + float64(ext.Ascent)
	switch {
	case a&alignMiddle != 0:
		// x-height is about half the size in Liberation Sans.
		base = y + size*0.36
	case a&alignBottom != 0:
		base = y
	}
	k.c.SetColor(col)
	k.c.FillString(fc, k.pt(x, base), s)
}
