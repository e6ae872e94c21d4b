package config

// file is config.toml as written, before defaults and validation. Pointers
// tell an absent key from a zero where the default differs from zero.
type file struct {
	DataDir, Timezone, Language, YearStart, Roster, IdleTimeout string

	Telegram struct {
		Token, APIURL, Mode, WebhookListen, WebhookURL, WebhookSecret, Proxy string
	}
	Zalo struct {
		Token, APIURL, Mode, WebhookListen, WebhookURL, WebhookSecret, PublicURL, Proxy string
	}
	HTTP   struct{ Listen string }
	Digest struct {
		Schedule, Grace string
		Chats           []int64
		Excel           *bool
	}
	Reminders struct{ Schedule, Escalate string }
	Holidays  []string // [calendar] holidays
	Log       struct{ Format string }

	Units      []unitFile
	Forms      []formFile
	Indicators []indicatorFile
	Targets    []targetFile
}

type unitFile struct{ ID, Name, Parent string }

type formFile struct {
	ID, Title, Period, CloseAfter string
	JumpFactor                    *float64
	Fields                        []fieldFile
	Checks                        []checkFile
}

type fieldFile struct {
	ID, Label, Type, Aggregate, Help, Alias string
	Min, Max                                *float64
	Required                                *bool
	Options                                 []string
}

type checkFile struct{ Rule, Message string }

type indicatorFile struct{ ID, Label, Form, Numerator, Denominator string }

type targetFile struct {
	Indicator, Unit string
	Year            int64
	Value           *float64
	Milestones      map[string]float64
}

// decode reads the document into a file, reporting values of the wrong
// type and unknown keys. This is the one place that lists the keys.
func (l *loader) decode(doc map[string]any) *file {
	var f file
	root := l.table("", doc)
	f.DataDir = root.str("data_dir")
	f.Timezone = root.str("timezone")
	f.Language = root.str("language")
	f.YearStart = root.str("year_start")
	f.Roster = root.str("roster")
	f.IdleTimeout = root.str("idle_timeout")
	l.rootKeys = root.known

	tg := root.sub("telegram")
	f.Telegram.Token, f.Telegram.APIURL = tg.str("token"), tg.str("api_url")
	f.Telegram.Mode, f.Telegram.WebhookListen = tg.str("mode"), tg.str("webhook_listen")
	f.Telegram.WebhookURL, f.Telegram.WebhookSecret = tg.str("webhook_url"), tg.str("webhook_secret")
	f.Telegram.Proxy = tg.str("proxy")
	tg.done()
	z := root.sub("zalo")
	f.Zalo.Token, f.Zalo.APIURL, f.Zalo.Mode = z.str("token"), z.str("api_url"), z.str("mode")
	f.Zalo.WebhookListen, f.Zalo.WebhookURL = z.str("webhook_listen"), z.str("webhook_url")
	f.Zalo.WebhookSecret, f.Zalo.PublicURL = z.str("webhook_secret"), z.str("public_url")
	f.Zalo.Proxy = z.str("proxy")
	z.done()
	h := root.sub("http")
	f.HTTP.Listen = h.str("listen")
	h.done()
	d := root.sub("digest")
	f.Digest.Schedule, f.Digest.Chats = d.str("schedule"), d.integers("chats")
	f.Digest.Grace, f.Digest.Excel = d.str("grace"), d.boolean("excel")
	d.done()
	r := root.sub("reminders")
	f.Reminders.Schedule, f.Reminders.Escalate = r.str("schedule"), r.str("escalate")
	r.done()
	c := root.sub("calendar")
	f.Holidays = c.strings("holidays")
	c.done()
	lg := root.sub("log")
	f.Log.Format = lg.str("format")
	lg.done()

	for _, t := range root.list("units") {
		f.Units = append(f.Units, unitFile{ID: t.str("id"), Name: t.str("name"), Parent: t.str("parent")})
		t.done()
	}
	for _, t := range root.list("forms") {
		f.Forms = append(f.Forms, decodeForm(t))
	}
	for _, t := range root.list("indicators") {
		f.Indicators = append(f.Indicators, indicatorFile{
			ID: t.str("id"), Label: t.str("label"), Form: t.str("form"),
			Numerator: t.str("numerator"), Denominator: t.str("denominator"),
		})
		t.done()
	}
	for _, t := range root.list("targets") {
		f.Targets = append(f.Targets, targetFile{
			Indicator: t.str("indicator"), Unit: t.str("unit"), Year: t.integer("year"),
			Value: t.number("value"), Milestones: t.numbers("milestones"),
		})
		t.done()
	}
	root.done()
	return &f
}

func decodeForm(t *table) formFile {
	ff := formFile{
		ID: t.str("id"), Title: t.str("title"), Period: t.str("period"),
		CloseAfter: t.str("close_after"), JumpFactor: t.number("jump_factor"),
	}
	for _, ft := range t.list("fields") {
		ff.Fields = append(ff.Fields, fieldFile{
			ID: ft.str("id"), Label: ft.str("label"), Type: ft.str("type"), Aggregate: ft.str("aggregate"),
			Min: ft.number("min"), Max: ft.number("max"), Required: ft.boolean("required"),
			Help: ft.str("help"), Options: ft.strings("options"), Alias: ft.str("alias"),
		})
		ft.done()
	}
	for _, ct := range t.list("checks") {
		ff.Checks = append(ff.Checks, checkFile{Rule: ct.str("rule"), Message: ct.str("message")})
		ct.done()
	}
	t.done()
	return ff
}
