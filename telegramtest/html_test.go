package telegramtest

import (
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	ok := []struct {
		in, plain string
		ents      []entity
	}{
		{"plain", "plain", nil},
		{"<b>a</b>b", "ab", []entity{{Type: "bold", Offset: 0, Length: 1}}},
		{"<B>a</B>", "a", []entity{{Type: "bold", Length: 1}}},
		{"x <i>y <u>z</u></i>", "x y z", []entity{{Type: "italic", Offset: 2, Length: 3}, {Type: "underline", Offset: 4, Length: 1}}},
		{"&lt;&gt;&amp;&quot;&#39;&#x41;", `<>&"'A`, nil},
		{"😀<b>x</b>", "😀x", []entity{{Type: "bold", Offset: 2, Length: 1}}}, // UTF-16 offsets
		{`<a href='https://e.com/?a=1&amp;b=2'>l</a>`, "l", []entity{{Type: "text_link", Length: 1, URL: "https://e.com/?a=1&b=2"}}},
		{`<pre><code class="language-go">x</code></pre>`, "x", []entity{{Type: "pre", Length: 1, Language: "go"}}},
		{`<span class="tg-spoiler">s</span>`, "s", []entity{{Type: "spoiler", Length: 1}}},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", []entity{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"<b></b>x", "x", nil},
	}
	for _, tc := range ok {
		plain, ents, err := parseHTML(tc.in)
		if err != nil || plain != tc.plain || !equalEntities(ents, tc.ents) {
			t.Errorf("parseHTML(%q) = %q %+v %v; want %q %+v", tc.in, plain, ents, err, tc.plain, tc.ents)
		}
	}
	bad := map[string]string{
		"<b>x":                   `Can't find end tag corresponding to start tag "b"`,
		"x</b>":                  "Unexpected end tag at byte offset 1",
		"<b>x</i>":               `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
		"a < b":                  `Unsupported start tag "" at byte offset 2`,
		"<p>x</p>":               `Unsupported start tag "p" at byte offset 0`,
		"<b":                     "Unclosed start tag at byte offset 0",
		"<b>x</b":                "Unclosed end tag at byte offset 4",
		"a > b":                  `Unescaped ">"`,
		"AT&T":                   `Unescaped "&"`,
		"&nbsp;":                 `Unescaped "&"`,
		`<a href="x>y</a>`:       "Unclosed start tag",
		"<tg-emoji>x</tg-emoji>": "emoji-id",
	}
	for in, want := range bad {
		if _, _, err := parseHTML(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseHTML(%q) error %v, want %q", in, err, want)
		}
	}
}

func equalEntities(a, b []entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStripHTML(t *testing.T) {
	for in, want := range map[string]string{
		"<b>Đạt</b> 81,89% &amp; vượt": "Đạt 81,89% & vượt",
		"broken <b>markup":             "broken markup",
		"a &lt; b":                     "a < b",
	} {
		if got := StripHTML(in); got != want {
			t.Errorf("StripHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTrimMovesEntities(t *testing.T) {
	f, err := formatText("  <b>x</b>  ", "HTML", "")
	if err != nil || f.plain != "x" || len(f.entities) != 1 || f.entities[0].Offset != 0 {
		t.Fatalf("%+v %v", f, err)
	}
}
