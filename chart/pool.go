package chart

import (
	"image"
	"image/png"
	"sync"

	"git.sr.ht/~sbinet/gg"
)

// A digest run draws a chart for every leader (390 nationally) one after
// another. Each would allocate its pixels twice (vgimg makes an image and
// gg copies it) and a new deflate state for its PNG: ≈ 14 MB of garbage a
// chart, which let the run's heap reach several hundred MiB before the
// collector caught up. The pixels and the encoder state are reused instead.

// canvases keeps the pixel buffers of finished charts, by size (there are
// only maxPanels sizes).
var canvases = canvasPool{pools: map[image.Point]*sync.Pool{}}

type canvasPool struct {
	mu    sync.Mutex
	pools map[image.Point]*sync.Pool
}

func (c *canvasPool) pool(w, h int) *sync.Pool {
	c.mu.Lock()
	defer c.mu.Unlock()
	size := image.Pt(w, h)
	p := c.pools[size]
	if p == nil {
		p = &sync.Pool{New: func() any { return image.NewRGBA(image.Rectangle{Max: size}) }}
		c.pools[size] = p
	}
	return p
}

// get returns a w×h image; its pixels are whatever the last chart left
// (vgimg paints the background over all of them).
func (c *canvasPool) get(w, h int) *image.RGBA { return c.pool(w, h).Get().(*image.RGBA) }

func (c *canvasPool) put(img *image.RGBA) {
	c.pool(img.Rect.Dx(), img.Rect.Dy()).Put(img)
}

// context is what vgimg.NewWith would make for img, without the copy of
// it: drawing onto img itself, y growing upwards, butt line caps.
func context(img *image.RGBA) *gg.Context {
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	return ctx
}

// encoders reuses PNG encoder state (png.EncoderBufferPool).
var encoders = &encoderPool{}

type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }
