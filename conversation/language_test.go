package conversation_test

import (
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
)

// TestLanguageCommand: /ngonngu en answers in English at once and every
// later turn follows the session's language; the Vietnamese names work too.
func TestLanguageCommand(t *testing.T) {
	h := bound(t)
	r := h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "en"})
	if r.Language == nil || *r.Language != locale.EN {
		t.Fatalf("/ngonngu en: Language = %v; want en", r.Language)
	}
	if got, want := said(r), locale.New(locale.EN).HTML("language.set", "language", "English"); !strings.Contains(got, want) {
		t.Errorf("/ngonngu en said %q; want the English confirmation %q", got, want)
	}
	r = h.command("help")
	if got := said(r); !strings.Contains(got, "You can use these commands") {
		t.Errorf("next turn in English expected; /help said %q", got)
	}
	h.command("report")
	h.expectAsked("Field 1/5: Số việc có điều kiện thi hành") // the configured label in an English frame
	h.command("cancel")
	if got := said(h.last); !strings.Contains(got, locale.New(locale.EN).HTML("report.cancelled")) {
		t.Errorf("/cancel said %q; want English", got)
	}

	for _, arg := range []string{"Tiếng Việt", "tieng viet", "vi"} {
		h.lang = locale.EN
		r = h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "language", Text: arg})
		if r.Language == nil || *r.Language != locale.VI {
			t.Errorf("/language %q: Language = %v; want vi", arg, r.Language)
		}
		if got := said(r); !strings.Contains(got, "Đã chọn ngôn ngữ: Tiếng Việt") {
			t.Errorf("/language %q said %q; want the Vietnamese confirmation", arg, got)
		}
	}
	for _, arg := range []string{"english", "Tiếng Anh", "EN"} {
		h.lang = ""
		if r = h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "ngonngu", Text: arg}); r.Language == nil || *r.Language != locale.EN {
			t.Errorf("/ngonngu %q: Language = %v; want en", arg, r.Language)
		}
	}
}

// TestLanguageBadArgument: an unknown language is explained in the
// current language and nothing changes.
func TestLanguageBadArgument(t *testing.T) {
	for _, lang := range []locale.Lang{"", locale.EN} {
		h := bound(t)
		h.lang = lang
		r := h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "français"})
		if r.Language != nil {
			t.Errorf("(%q) bad argument changed the language to %v", lang, *r.Language)
		}
		want := locale.New(locale.VI).HTML("language.unknown", "language", "français")
		if lang == locale.EN {
			want = locale.New(locale.EN).HTML("language.unknown", "language", "français")
		}
		if got := said(r); !strings.Contains(got, want) {
			t.Errorf("(%q) said %q; want %q", lang, got, want)
		}
		if h.lang != lang {
			t.Errorf("language now %q", h.lang)
		}
	}
}

// TestLanguageOptions: a bare /language offers both languages, each in its
// own name, and pressing one sets it.
func TestLanguageOptions(t *testing.T) {
	h := bound(t)
	r := h.command("language")
	if r.Language != nil || len(r.Messages) != 1 {
		t.Fatalf("bare /language: %+v", r)
	}
	var labels []string
	for _, o := range r.Messages[0].Options {
		labels = append(labels, o.Label)
	}
	if strings.Join(labels, "|") != "Tiếng Việt|English" {
		t.Errorf("options %q; want Tiếng Việt and English", labels)
	}
	if !strings.Contains(r.Messages[0].Text, "Ngôn ngữ hiện tại: Tiếng Việt") {
		t.Errorf("bare /language said %q", r.Messages[0].Text)
	}
	r = h.press("English")
	if r.Language == nil || *r.Language != locale.EN || !r.Accepted {
		t.Fatalf("pressing English: Language %v, accepted %v", r.Language, r.Accepted)
	}
	if got := said(r); !strings.Contains(got, "From now on the bot answers you in English") {
		t.Errorf("press said %q", got)
	}
	// A forged language is not honoured.
	r = h.send(fieldbot.Input{Kind: fieldbot.InputButton, Button: "lang:fr"})
	if r.Language != nil || r.Accepted {
		t.Errorf("lang:fr accepted: %+v", r)
	}
}

// What an idle chat is offered can be picked by typing its number or its
// label (a channel without buttons, Zalo, shows a numbered list), for the
// next input only.
func TestTypedPickOfAnOffer(t *testing.T) {
	h := bound(t)
	text := func(s string) conversation.Result { return h.send(fieldbot.Input{Kind: fieldbot.InputText, Text: s}) }
	h.command("language")
	if r := text("2"); r.Language == nil || *r.Language != locale.EN {
		t.Fatalf("typing 2 after the offer: Language = %v; want en", r.Language)
	}
	h.lang = locale.EN
	h.command("language")
	if r := text("tieng viet"); r.Language == nil || *r.Language != locale.VI {
		t.Fatalf("typing the label: Language = %v; want vi", r.Language)
	}
	h.lang = locale.VI
	h.command("language")
	text("xin chào") // something else: the offer is gone
	if r := text("2"); r.Language != nil {
		t.Fatalf("a number typed after another message picked %v", *r.Language)
	}
	h.command("language")
	if r := text("7"); r.Language != nil {
		t.Fatalf("a number beyond the offer picked %v", *r.Language)
	}
}
