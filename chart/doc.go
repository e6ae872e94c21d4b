// Package chart draws the weekly digest chart as a PNG, because the leader
// who reads it does so on a phone in Telegram: a picture is read at a glance
// where a table of thirteen sub-units is not, and a PNG needs no viewer.
//
// The choices follow from that reader. Units behind the pace that leads to
// their target — below the value expected by now, as the caller judges it
// (Bar.Behind) — are drawn in a warning colour so that they stand out
// without reading a number; in the first months every unit is below its
// year-end target, and a chart all in orange would say nothing. The
// expected-by-now value is drawn on every bar as its own mark (a purple
// line with a diamond) beside the year-end target line, because both may
// differ per unit; the legend shows each as it is drawn. Long
// unit names lose the prefix they all share so that the part that tells
// them apart stays legible at phone size. Value labels are formatted by the
// caller so that they read the way the leader writes numbers (81,89%).
//
// The font is Liberation Sans, compiled into the binary through
// gonum.org/v1/plot's font collection, and text is normalised to NFC: the
// server that renders the chart has no fonts of its own to rely on, and a
// Vietnamese name whose tones came out as empty boxes would be worse than no
// chart. Liberation Sans has a precomposed glyph for every Vietnamese letter;
// chart_test.go checks each one.
//
// The image has a fixed width and a fixed height per panel (see Size) so
// that callers and tests can predict it, and at most 8 panels are
// drawn so that it stays within Telegram's photo limits (width + height ≤
// 10000 px) and stays legible once Telegram scales it down.
package chart
