package chart

import (
	"math"
	"strings"
)

// shorten drops the words that most labels start with, because in a
// province they are the same long office name ("Phòng Thi hành án dân sự
// khu vực 1" … "12", "Chi cục THADS huyện …") and only the tail tells the
// units apart. Labels that do not share the prefix (the province's own
// office, say) are left whole. It keeps enough words that each tail still
// reads as a name ("khu vực 1", not "1") and returns the dropped words as a
// caption.
func shorten(labels []string) ([]string, string) {
	words := make([][]string, len(labels))
	for i, l := range labels {
		words[i] = strings.Fields(l)
	}
	// The largest group of labels with the same first word, in order of
	// first appearance on ties.
	var group []int
	for i := range words {
		if len(words[i]) == 0 {
			continue
		}
		var g []int
		for j := range words {
			if len(words[j]) > 0 && words[j][0] == words[i][0] {
				g = append(g, j)
			}
		}
		if len(g) > len(group) {
			group = g
		}
	}
	if len(group) < 2 || 2*len(group) < len(labels) {
		return labels, ""
	}
	// Extend the prefix while the whole group agrees, leaving each member
	// at least one word.
	first := words[group[0]]
	k := 0
	for ; k < len(first); k++ {
		same := true
		for _, j := range group {
			same = same && k < len(words[j])-1 && words[j][k] == first[k]
		}
		if !same {
			break
		}
	}
	tailRunes := func(k int) int {
		n := math.MaxInt
		for _, j := range group {
			n = min(n, len([]rune(strings.Join(words[j][k:], " "))))
		}
		return n
	}
	for k > 0 && tailRunes(k) < 8 {
		k--
	}
	if k < 2 {
		return labels, ""
	}
	out := append([]string(nil), labels...)
	for _, j := range group {
		out[j] = strings.Join(words[j][k:], " ")
	}
	return out, strings.Join(first[:k], " ") + " …"
}

// abbreviations are the ones Vietnamese civil-judgment offices write
// themselves; they are used only for a label that does not fit otherwise.
var abbreviations = strings.NewReplacer(
	"Thi hành án dân sự", "THADS",
	"thi hành án dân sự", "THADS",
	"Ủy ban nhân dân", "UBND",
	"Uỷ ban nhân dân", "UBND",
	"Thành phố", "TP.",
	"thành phố", "TP.",
	"Thị xã", "TX.",
	"thị xã", "TX.",
)

func abbreviate(s string) string { return abbreviations.Replace(s) }

// wrap breaks s into at most maxLines lines no wider than w. fits is false
// when that was not possible; then the end of s is kept, since the end of a
// unit's name is what tells it apart, and the lines start with "…".
func wrap(s string, f fontSpec, size, w float64, maxLines int) (lines []string, fits bool) {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}, true
	}
	fits = true
	line := ""
	for _, word := range words {
		if textWidth(word, f, size) > w {
			fits = false
		}
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line == "" || textWidth(try, f, size) <= w {
			line = try
			continue
		}
		lines = append(lines, line)
		line = word
	}
	lines = append(lines, line)
	if len(lines) > maxLines {
		fits = false
		lines = wrapTail(words, f, size, w, maxLines)
	}
	for i, l := range lines {
		if textWidth(l, f, size) > w {
			_, lines[i] = fit(l, f, size, size, w)
		}
	}
	return lines, fits
}

// wrapTail fills maxLines lines from the last word backwards and marks the
// words left out with a leading "…".
func wrapTail(words []string, f fontSpec, size, w float64, maxLines int) []string {
	var rev []string // bottom line first
	line := ""
	i := len(words) - 1
	for ; i >= 0; i-- {
		try := words[i]
		if line != "" {
			try = words[i] + " " + line
		}
		if line == "" || textWidth(try, f, size) <= w {
			line = try
			continue
		}
		if len(rev) == maxLines-1 {
			break
		}
		rev = append(rev, line)
		line = words[i]
	}
	if i >= 0 { // words[:i+1] left out
		top := strings.Fields(line)
		for len(top) > 1 && textWidth("…"+strings.Join(top, " "), f, size) > w {
			top = top[1:]
		}
		line = "…" + strings.Join(top, " ")
	}
	rev = append(rev, line)
	lines := make([]string, len(rev))
	for j, l := range rev {
		lines[len(rev)-1-j] = l
	}
	return lines
}

// fit returns the largest size in [minSize, size] at which s is no wider
// than w, and s itself, or s cut short with "…" if it is too wide even at
// minSize.
func fit(s string, f fontSpec, size, minSize, w float64) (float64, string) {
	for ; size > minSize; size-- {
		if textWidth(s, f, size) <= w {
			return size, s
		}
	}
	size = minSize
	if textWidth(s, f, size) <= w {
		return size, s
	}
	r := []rune(s)
	for len(r) > 0 && textWidth(string(r)+"…", f, size) > w {
		r = r[:len(r)-1]
	}
	return size, strings.TrimRight(string(r), " ") + "…"
}
