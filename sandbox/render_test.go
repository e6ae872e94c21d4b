package sandbox

import "testing"

func TestRenderHTML(t *testing.T) {
	const link = ` target="_blank" rel="noopener noreferrer">`
	for _, tc := range []struct{ in, want string }{
		{"<b>Đậm</b> <i>nghiêng</i> <u>gạch</u> <s>xoá</s>", "<b>Đậm</b> <i>nghiêng</i> <u>gạch</u> <s>xoá</s>"},
		{"<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del>", "<b>a</b><i>b</i><u>c</u><s>d</s><s>e</s>"},
		{`<pre><code class="language-go">x := 1</code></pre>`, "<pre><code>x := 1</code></pre>"},
		{"<blockquote expandable>trích</blockquote>", "<blockquote>trích</blockquote>"},
		{`<a href="https://e.vn/?a=1&amp;b=2">x</a>`, `<a href="https://e.vn/?a=1&amp;b=2"` + link + "x</a>"},
		{`<a href='https://x.vn/"onmouseover="alert(1)'>q</a>`, `<a href="https://x.vn/%22onmouseover=%22alert%281%29"` + link + "q</a>"},
		{`<a href="javascript:alert(1)">x</a>`, "<a>x</a>"},
		{`<a href="tg://user?id=1">x</a>`, "<a>x</a>"},
		{`<b onclick="alert(1)" style="x">y</b>`, "<b>y</b>"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{`<img src=x onerror=alert(1)>`, "&lt;img src=x onerror=alert(1)&gt;"},
		{"<b>chưa đóng", "<b>chưa đóng</b>"},
		{"</i>thừa", "thừa"},
		{"<b><i>x</b></i>", "<b><i>x</i></b>"},
		{`<span class="tg-spoiler">bí mật</span> <tg-spoiler>nữa</tg-spoiler>`, "bí mật nữa"},
		{`a &lt; b &amp;&amp; "c" 'd'`, "a &lt; b &amp;&amp; &#34;c&#34; &#39;d&#39;"},
		{"&#39;&#x1F600;&bogus; & x", "&#39;😀&amp;bogus; &amp; x"},
		{"1 < 2 > 0", "1 &lt; 2 &gt; 0"},
		{"<b", "&lt;b"},
		{"dòng 1\ndòng 2", "dòng 1\ndòng 2"},
	} {
		if got := renderHTML(tc.in); got != tc.want {
			t.Errorf("renderHTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a":  "https://example.com/a",
		"http://127.0.0.1:8080/": "http://127.0.0.1:8080/",
		"mailto:a@b.vn":          "mailto:a@b.vn",
		"javascript:alert(1)":    "",
		" JavaScript:alert(1)":   "",
		"data:text/html,x":       "",
		"//evil.example/":        "",
		"https:///nohost":        "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinkify(t *testing.T) {
	for in, want := range map[string]string{
		"Tải: https://a.vn/f/x.xlsx.": `Tải: <a href="https://a.vn/f/x.xlsx" target="_blank" rel="noopener noreferrer">https://a.vn/f/x.xlsx</a>.`,
		"(http://a.vn/p?q=1&r=2)":     `(<a href="http://a.vn/p?q=1&amp;r=2" target="_blank" rel="noopener noreferrer">http://a.vn/p?q=1&amp;r=2</a>)`,
		"<script>x</script>":          "&lt;script&gt;x&lt;/script&gt;",
		"javascript:alert(1)":         "javascript:alert(1)",
		"http:// và https://":         "http:// và https://",
		"không có liên kết":           "không có liên kết",
		`http://a.vn/"onmouseover=x`:  `<a href="http://a.vn/" target="_blank" rel="noopener noreferrer">http://a.vn/</a>&#34;onmouseover=x`,
	} {
		if got := linkify(in); got != want {
			t.Errorf("linkify(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
