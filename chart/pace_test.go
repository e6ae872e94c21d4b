package chart

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// TestExpectedMarks: each bar's expected-by-now value is drawn as its own
// mark, in its own colour, beside the target line.
func TestExpectedMarks(t *testing.T) {
	c := sampleChart()
	img := render(t, c)
	for pi, p := range c.Panels {
		g := layoutPanel(p, pi, c.formatter())
		for bi, b := range g.bars {
			y := int(math.Round(g.y(b.expected)))
			if !colourNear(img, int(b.x0)+2, int(b.x1)-2, y, colExpected) {
				t.Errorf("panel %d bar %d: no expected mark at row %d (%.2f%%)", pi+1, bi+1, y, b.expected)
			}
			if ty := int(math.Round(g.y(b.target))); colourNear(img, int(b.x0)+2, int(b.x1)-2, ty, colExpected) && abs(ty-y) > 4 {
				t.Errorf("panel %d bar %d: the target row %d has the expected colour", pi+1, bi+1, ty)
			}
		}
	}
	// No expectation: no mark.
	c.Panels[0].Bars[0].Expected = math.NaN()
	img = render(t, c)
	g := layoutPanel(c.Panels[0], 0, c.formatter())
	b := g.bars[0]
	for y := int(g.scaleTop); y < int(g.scaleBottom); y++ {
		if colourNear(img, int(b.x0)+2, int(b.x1)-2, y, colExpected) {
			t.Fatalf("bar without expectation has an expected mark at row %d", y)
		}
	}
}

// TestLegendShowsWhatIsDrawn: the legend has an entry for the expected
// mark, and its target sample is drawn as the target lines are: solid.
func TestLegendShowsWhatIsDrawn(t *testing.T) {
	c := sampleChart()
	for i := range c.Panels[0].Bars { // one target for all: one line across
		c.Panels[0].Bars[i].Target = 83.9
	}
	img := render(t, c)
	entries := legend(c.TargetLabel, c.ExpectedLabel, true)
	var target, expected *legendEntry
	for i := range entries {
		switch entries[i].kind {
		case legendTarget:
			target = &entries[i]
		case legendExpected:
			expected = &entries[i]
		}
	}
	if target == nil || expected == nil {
		t.Fatalf("legend entries %+v: want a target and an expected entry", entries)
	}
	if expected.label != "Cần đạt đến nay" || target.label != "Chỉ tiêu năm" {
		t.Errorf("legend labels %q, %q", expected.label, target.label)
	}
	if !colourNear(img, int(expected.x), int(expected.x+expected.w), int(legendY+legendSwatch/2), colExpected) {
		t.Errorf("the legend's expected sample is not drawn in the expected colour")
	}
	// The sample and the shared target line are both solid.
	y := int(legendY + legendSwatch/2)
	for x := int(target.x) + 1; x < int(target.x+target.w)-1; x++ {
		if !darkColumn(img, x, y) {
			t.Errorf("legend target sample has a gap at x=%d", x)
			break
		}
	}
	g := layoutPanel(c.Panels[0], 0, c.formatter())
	ty := int(math.Round(g.y(83.9)))
	for x := int(g.left) + 1; x < int(g.right)-1; x++ {
		if !darkColumn(img, x, ty) {
			t.Errorf("shared target line has a gap at x=%d (the legend shows a solid line)", x)
			break
		}
	}
	// Without any expectation the legend has no expected entry.
	for _, e := range legend("Chỉ tiêu", "", false) {
		if e.kind == legendExpected {
			t.Errorf("legend without expectations has %+v", e)
		}
	}
}

// colourNear says whether some pixel of rows y-1..y+1, columns x0..x1 has
// colour col.
func colourNear(img image.Image, x0, x1, y int, col color.Color) bool {
	for x := x0; x <= x1; x++ {
		for dy := -1; dy <= 1; dy++ {
			if sameColor(img.At(x, y+dy), col) {
				return true
			}
		}
	}
	return false
}

func darkColumn(img image.Image, x, y int) bool {
	for dy := -2; dy <= 2; dy++ {
		if isDark(img.At(x, y+dy)) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
