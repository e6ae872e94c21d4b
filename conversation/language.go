package conversation

import (
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// languageButton prefixes the data of a language offered by a bare
// /language. It carries no state: any press while idle is honoured.
const languageButton = "lang:"

// languageNames are the languages people may type, by folded name.
var languageNames = map[string]locale.Lang{
	"vi": locale.VI, "tieng viet": locale.VI, "viet": locale.VI, "vietnamese": locale.VI,
	"en": locale.EN, "english": locale.EN, "tieng anh": locale.EN, "anh": locale.EN,
}

// language shows the choice of languages, or sets the one named.
func (t *turn) language(args string) error {
	q := locale.Fold(strings.TrimSpace(args))
	if q == "" {
		t.say(fieldbot.Message{
			Text: t.p.HTML("language.show", "current", t.p.T("language."+string(t.p.Lang()))),
			Options: []fieldbot.Option{
				{Label: locale.New(locale.VI).T("language.vi"), Data: languageButton + string(locale.VI)},
				{Label: locale.New(locale.EN).T("language.en"), Data: languageButton + string(locale.EN)},
			},
			Columns: 2,
		})
		return nil
	}
	lang, ok := languageNames[q]
	if !ok {
		t.sayKey("language.unknown", "language", strings.TrimSpace(args))
		return nil
	}
	return t.setLanguage(lang)
}

// setLanguage records the person's language and confirms in it.
func (t *turn) setLanguage(lang locale.Lang) error {
	t.res.Language = &lang
	t.p = locale.New(lang)
	t.sayKey("language.set", "language", t.p.T("language."+string(lang)))
	return nil
}

// languageButtonPressed handles a press on a language offered by /language.
func (t *turn) languageButtonPressed(data string) (bool, error) {
	code, ok := strings.CutPrefix(data, languageButton)
	if !ok || !t.st.Idle() {
		return false, nil
	}
	lang, err := locale.ParseLang(code)
	if err != nil || string(lang) != code {
		return false, nil
	}
	t.res.Accepted = true
	return true, t.setLanguage(lang)
}
