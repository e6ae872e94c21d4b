package fieldbot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFileName bounds a file name as a person sent it, in characters.
const maxFileName = 120

// CleanFileName makes the name a person gave a file safe to keep and to
// show: the last element of any path (either slash), without control
// characters or those Windows forbids, without leading dots, at most 120
// characters with the extension kept; "tep" when nothing is left. It is
// only ever a label: nothing is stored under it.
func CleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || strings.ContainsRune(`<>:"|?*`, r) ||
			unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	if n := utf8.RuneCountInString(name); n > maxFileName {
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i > 0 && len(name)-i <= 8 {
			ext = name[i:]
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:maxFileName-utf8.RuneCountInString(ext)]) + ext
	}
	if name == "" {
		return "tep"
	}
	return name
}
