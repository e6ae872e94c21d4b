package config

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

func TestIndexLines(t *testing.T) {
	doc := `top = 1                       # 1
[telegram]                    # 2
token = "x"                   # 3
[[forms]]                     # 4
id = "a"                      # 5
  [[forms.fields]]            # 6
  id = "f0"                   # 7
  [[forms.fields]]            # 8
  id = "f1"                   # 9
  options = [                 # 10
    "x",                      # 11
    "y",                      # 12
  ]                           # 13
[[forms]]                     # 14
id = "b"                      # 15
  [[forms.fields]]            # 16
  id = "g0"                   # 17
[[targets]]                   # 18
milestones = { "03-31" = 1, "06-30" = 2 }   # 19
site.name = "x"               # 20
"quoted key" = 3              # 21
[digest]                      # 22
chats = [[1], [2, 3]]         # 23
`
	ix := indexLines([]byte(doc))
	for key, want := range map[string]int{
		"top": 1, "telegram": 2, "telegram.token": 3, "forms": 4, "forms[0]": 4, "forms[0].id": 5,
		"forms[0].fields[0]": 6, "forms[0].fields[0].id": 7, "forms[0].fields[1].id": 9,
		"forms[0].fields[1].options": 10, "forms[0].fields[1].options[1]": 12,
		"forms[1]": 14, "forms[1].fields[0]": 16, "forms[1].fields[0].id": 17,
		"targets[0].milestones.06-30": 19, "targets[0].site.name": 20, "targets[0].quoted key": 21,
		"digest.chats[1][0]": 23,
		// A missing key is placed at its table; an unknown one nowhere.
		"forms[1].fields[0].label": 16, "forms[1].title": 14, "telegram.api_url": 2, "http.listen": 0, "": 0,
	} {
		if got := ix.line(key); got != want {
			t.Errorf("line(%q) = %d; want %d", key, got, want)
		}
	}
}

func TestCheckCron(t *testing.T) {
	for _, ok := range []string{"", "0 17 * * FRI", "0 9 * * thu", "*/15 8-17 * * MON-FRI", "0 0 1,15 * ?", "30 7 * JAN-MAR 1", "@weekly", "@every 90m"} {
		if err := checkCron(ok); err != nil {
			t.Errorf("checkCron(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"0 17 * * FRIDAY", "0 24 * * *", "60 * * * *", "0 9 * THU", "0 9 * * * *", "CRON_TZ=Asia/Ho_Chi_Minh", "CRON_TZ=UTC 0 9 * * *",
		"@fortnightly", "@every", "@every -1h", "0 9 0 * *", "0 9 * 13 *", "0 9 * * 7", "*/0 * * * *", "5-1 * * * *", "0 9 * * FRI,"} {
		if err := checkCron(bad); err == nil {
			t.Errorf("checkCron(%q) accepted", bad)
		}
	}
}

func TestClosest(t *testing.T) {
	known := map[string]bool{"aggregate": true, "alias": true, "id": true, "label": true, "type": true}
	for in, want := range map[string]string{"agregate": "aggregate", "aggregat": "aggregate", "lable": "label", "typ": "type", "x": "", "colour": "", "ids": "id"} {
		if got := closest(in, known); got != want {
			t.Errorf("closest(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestExampleDocumentsEveryKey fails when a key is read but the example
// neither sets it nor shows it in a comment.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	l := &loader{lines: indexLines(data), schema: map[string]bool{}}
	l.decode(doc)
	if len(l.schema) < 40 {
		t.Fatalf("only %d keys read", len(l.schema))
	}
	for key := range l.schema {
		name := key[strings.LastIndex(key, ".")+1:]
		set := regexp.MustCompile(`(?m)^[ \t#]*` + name + ` = `)
		table := regexp.MustCompile(`(?m)^[ \t#]*\[\[?` + regexp.QuoteMeta(key) + `\]`)
		if !set.Match(data) && !table.Match(data) {
			t.Errorf("config.example.toml does not show %s", key)
		}
	}
}
