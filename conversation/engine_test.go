package conversation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/rules"
)

func ptr(f float64) *float64 { return &f }

// weekly is a small version of the example form: two counts, a money field,
// an optional choice and an optional text.
var weekly = fieldbot.Form{
	ID: "weekly", Title: "Báo cáo tiến độ tuần", Period: fieldbot.PeriodWeek, CloseAfter: 72 * time.Hour, JumpFactor: 3,
	Fields: []fieldbot.Field{
		{ID: "viec_co_dieu_kien", Label: "Số việc có điều kiện thi hành", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast, Required: true, Min: ptr(0), Alias: "vcdk"},
		{ID: "viec_xong", Label: "Số việc thi hành xong", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast, Required: true, Alias: "vxong"},
		{ID: "tien_xong", Label: "Số tiền thi hành xong", Type: fieldbot.FieldMoney, Aggregate: fieldbot.AggregateLast, Required: true, Alias: "txong"},
		{ID: "danh_gia", Label: "Tự đánh giá", Type: fieldbot.FieldChoice, Options: []string{"Đạt", "Chưa đạt"}},
		{ID: "ghi_chu", Label: "Ghi chú <khó khăn>", Type: fieldbot.FieldText, Max: ptr(20)},
	},
	Checks: []fieldbot.Check{{Rule: "viec_xong <= viec_co_dieu_kien", Message: "Số việc xong không thể lớn hơn số việc có điều kiện."}},
}

var an = fieldbot.Person{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer}

// harness plays a chat against the engine and commits results the way the
// relay does, with submissions kept in a map.
type harness struct {
	t      *testing.T
	e      *conversation.Engine
	now    time.Time
	person *fieldbot.Person
	state  *conversation.State
	subs   map[fieldbot.SubmissionKey]fieldbot.Submission
	saved  []fieldbot.Submission
	reopen map[string]time.Time
	last   conversation.Result
	// lang is the person's chosen language, kept as the store would.
	lang locale.Lang
	// typed plays a channel without buttons (Zalo).
	typed bool
	// transcript is every message the bot said, in order.
	transcript []fieldbot.Message
	// invited are the phones codes were issued for.
	invited []string
	// events is the history, oldest first, read as the store reads it.
	events []fieldbot.Event
	// apply puts a confirmed import in force, as the relay's Applied does.
	apply func(*conversation.Import)
	// directory is the stored roster and targets (nil: none stored).
	directory func() ([]fieldbot.Person, []fieldbot.Target, bool, error)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	tree, err := fieldbot.NewTree([]fieldbot.Unit{{ID: "dongthap", Name: "Thi hành án dân sự tỉnh Đồng Tháp"}, {ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1", Parent: "dongthap"}})
	if err != nil {
		t.Fatal(err)
	}
	roster, err := fieldbot.NewRoster([]fieldbot.Person{an})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]fieldbot.FieldType{}
	for _, f := range weekly.Fields {
		types[f.ID] = f.Type
	}
	rule, err := rules.Compile(weekly.Checks[0].Rule, types, rules.Bool)
	if err != nil {
		t.Fatal(err)
	}
	e := conversation.New(conversation.Config{
		Forms:    []fieldbot.Form{weekly},
		Checks:   map[string][]conversation.Check{"weekly": {{Rule: rule, Message: weekly.Checks[0].Message}}},
		Tree:     tree,
		Roster:   roster,
		Calendar: fieldbot.Calendar{Location: loc, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}},
		Lang:     locale.VI,
	})
	return &harness{t: t, e: e, now: time.Date(2026, 11, 27, 9, 0, 0, 0, loc), subs: map[fieldbot.SubmissionKey]fieldbot.Submission{}, reopen: map[string]time.Time{}}
}

func (h *harness) send(in fieldbot.Input) conversation.Result {
	h.t.Helper()
	res, err := h.e.Handle(conversation.Session{
		Now: h.now, Person: h.person, State: h.state, Lang: h.lang, Typed: h.typed,
		Latest: func(k fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) {
			s, ok := h.subs[k]
			return s, ok, nil
		},
		Invite: func(phone string) (string, time.Time, error) {
			h.invited = append(h.invited, phone)
			return "K7PQ2MXA", h.now.Add(72 * time.Hour), nil
		},
		Reopened: func(form, period, unit string) (time.Time, bool, error) {
			until, ok := h.reopen[form+"/"+period+"/"+unit]
			return until, ok, nil
		},
		History:   h.history,
		Directory: h.directory,
	}, in)
	if err != nil {
		h.t.Fatalf("Handle(%+v): %v", in, err)
	}
	// Round-trip the state through its encoding, as the store does.
	raw, err := res.State.Encode()
	if err != nil {
		h.t.Fatal(err)
	}
	if h.state, err = conversation.DecodeState(raw); err != nil {
		h.t.Fatal(err)
	}
	if res.Bind != nil {
		h.person = res.Bind
	}
	if res.Language != nil {
		h.lang = *res.Language
	}
	if r := res.Reopen; r != nil {
		h.reopen[r.Form+"/"+r.Period+"/"+r.Unit] = r.Until
	}
	if res.Import != nil && h.apply != nil {
		h.apply(res.Import)
	}
	if res.Submit != nil {
		h.subs[res.Submit.Key()] = *res.Submit
		h.saved = append(h.saved, *res.Submit)
	}
	h.last = res
	h.transcript = append(h.transcript, res.Messages...)
	return res
}

func (h *harness) text(s string) conversation.Result {
	return h.send(fieldbot.Input{Kind: fieldbot.InputText, Text: s})
}

func (h *harness) command(name string) conversation.Result {
	return h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: name})
}

// press presses the option whose label contains label in the last message.
func (h *harness) press(label string) conversation.Result {
	h.t.Helper()
	msgs := h.last.Messages
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, o := range msgs[i].Options {
			if strings.Contains(o.Label, label) {
				return h.send(fieldbot.Input{Kind: fieldbot.InputButton, Button: o.Data})
			}
		}
	}
	h.t.Fatalf("no option %q in the last messages: %+v", label, msgs)
	return conversation.Result{}
}

// said is the text of every message of a result, joined.
func said(r conversation.Result) string {
	var b strings.Builder
	for _, m := range r.Messages {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func (h *harness) expectAsked(label string) {
	h.t.Helper()
	if got := said(h.last); !strings.Contains(got, label) {
		h.t.Fatalf("expected the question %q; the bot said:\n%s", label, got)
	}
}

func TestOnboarding(t *testing.T) {
	h := newHarness(t)
	r := h.command("baocao")
	if len(r.Messages) != 1 || r.Messages[0].AskContact == "" || r.Bind != nil {
		t.Fatalf("a newcomer's /baocao = %+v; want only the share-phone button", r)
	}
	r = h.send(fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: false})
	if r.Bind != nil || !strings.Contains(said(r), "của chính") {
		t.Fatalf("foreign contact: bind=%v said %q", r.Bind, said(r))
	}
	r = h.send(fieldbot.Input{Kind: fieldbot.InputContact, Contact: "+84 987 000 111", ContactOwn: true})
	if r.Bind != nil || !strings.Contains(said(r), "0987000111") && !strings.Contains(said(r), "84 987 000 111") {
		t.Fatalf("stranger: bind=%v said %q", r.Bind, said(r))
	}
	r = h.send(fieldbot.Input{Kind: fieldbot.InputContact, Contact: "+84912345678", ContactOwn: true})
	if r.Bind == nil || r.Bind.Phone != "0912345678" {
		t.Fatalf("own contact: bind = %v", r.Bind)
	}
	if got := said(r); !strings.Contains(got, "Nguyễn Văn An") || !strings.Contains(got, "Phòng Thi hành án dân sự khu vực 1") {
		t.Errorf("greeting lacks name or unit: %q", got)
	}
}

func bound(t *testing.T) *harness {
	h := newHarness(t)
	p := an
	h.person = &p
	return h
}

func TestFullReport(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.expectAsked("Số việc có điều kiện thi hành")
	h.text("7.581")
	h.expectAsked("Số việc thi hành xong")
	h.text("6300")
	h.expectAsked("Số tiền thi hành xong")
	h.text("1,5 tỷ")
	h.expectAsked("Tự đánh giá")
	h.press("Chưa đạt")
	h.expectAsked("Ghi chú &lt;khó khăn&gt;")
	h.text("<b>khó</b> & xa")
	summary := said(h.last)
	for _, want := range []string{"7.581", "6.300", "1.500.000.000 đồng", "Chưa đạt", "&lt;b&gt;khó&lt;/b&gt; &amp; xa", "Tuần 48/2026"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if len(h.saved) != 0 {
		t.Fatal("saved before confirmation")
	}
	r := h.press("Xác nhận")
	if len(h.saved) != 1 {
		t.Fatalf("confirm saved %d submissions", len(h.saved))
	}
	s := h.saved[0]
	want := fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "1500000000", "danh_gia": "Chưa đạt", "ghi_chu": "<b>khó</b> & xa"}
	for k, v := range want {
		if s.Answers[k] != v {
			t.Errorf("answer %s = %q; want %q", k, s.Answers[k], v)
		}
	}
	if s.Period != "2026-W48" || s.Unit != "kv1" || s.Phone != an.Phone || s.Revision != 1 {
		t.Errorf("submission = %+v", s)
	}
	if !r.Accepted || !h.state.Idle() {
		t.Errorf("after confirm: accepted=%v state=%+v", r.Accepted, h.state)
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	for _, bad := range []string{"abc", "-5", "7,5", ""} {
		before := *h.state
		r := h.text(bad)
		if h.state.Field != before.Field || len(h.state.Answers) != 0 {
			t.Errorf("%q moved the form: %+v", bad, h.state)
		}
		if !strings.Contains(said(r), "Số việc có điều kiện thi hành") {
			t.Errorf("%q: the question was not asked again: %q", bad, said(r))
		}
	}
	h.text("100")
	h.text("101") // more completed than with conditions
	if got := said(h.last); !strings.Contains(got, "không thể lớn hơn") || !strings.Contains(got, "Số việc thi hành xong") {
		t.Errorf("failed check: %q", got)
	}
	if _, ok := h.state.Answers["viec_xong"]; ok || h.state.Field != 1 {
		t.Errorf("a failing answer was kept: %+v", h.state)
	}
	h.text("99")
	h.expectAsked("Số tiền thi hành xong")
	h.text("1.5")
	if got := said(h.last); !strings.Contains(got, "1,5 tỷ") {
		t.Errorf("ambiguous money gave no hint: %q", got)
	}
}

func TestStaleAndForgedButtons(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.text("10")
	h.text("5")
	h.text("2 tỷ")
	old := h.last // the question about danh_gia
	h.press("Đạt")
	for _, data := range []string{old.Messages[0].Options[0].Data, "999.c", "x", strings.Repeat("9", 64), "1.o7"} {
		before := *h.state
		r := h.send(fieldbot.Input{Kind: fieldbot.InputButton, Button: data})
		if r.Toast == "" || r.Accepted || len(r.Messages) != 0 {
			t.Errorf("button %q: %+v; want a toast and nothing else", data, r)
		}
		if h.state.Field != before.Field || h.state.Answers["danh_gia"] != "Đạt" || h.state.Seq != before.Seq {
			t.Errorf("button %q changed the state: %+v", data, h.state)
		}
	}
}

func TestBackEditCancel(t *testing.T) {
	h := bound(t)
	h.command("report")
	h.text("10")
	h.press("Quay lại")
	h.expectAsked("Số việc có điều kiện thi hành")
	if got := said(h.last); !strings.Contains(got, "10") {
		t.Errorf("back does not show the current answer: %q", got)
	}
	h.text("20")
	h.text("5")
	h.text("800k")
	h.press("Bỏ qua")
	h.press("Bỏ qua")
	h.press("Sửa")
	h.press("Số tiền thi hành xong")
	h.text("250tr")
	if got := said(h.last); !strings.Contains(got, "250.000.000 đồng") || !strings.Contains(got, "Xác nhận") && len(h.last.Messages[0].Options) == 0 {
		t.Errorf("editing a field does not return to the summary: %q", got)
	}
	h.command("huy")
	if !h.state.Idle() || len(h.saved) != 0 {
		t.Errorf("cancel left state %+v saved %v", h.state, h.saved)
	}
}

func TestInterruptions(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.text("10")
	h.command("trogiup")
	h.expectAsked("Số việc thi hành xong")
	h.command("tiendo")
	if got := said(h.last); !strings.Contains(got, "Số việc thi hành xong") {
		t.Errorf("another command mid-form did not keep the place: %q", got)
	}
	if h.state.Field != 1 {
		t.Errorf("field = %d; want 1", h.state.Field)
	}
	h.now = h.now.Add(25 * time.Hour)
	h.text("5")
	if !h.state.Idle() {
		t.Errorf("a form idle for 25 h is still open: %+v", h.state)
	}
}

func TestTypedOptionsAndRevision(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.text("10")
	h.text("5")
	h.text("1 tỷ")
	h.text("1") // the first option: "Đạt"
	h.text("ghi chú")
	h.text("xác nhận")
	if len(h.saved) != 1 || h.saved[0].Answers["danh_gia"] != "Đạt" {
		t.Fatalf("typed options: saved %+v", h.saved)
	}
	h.command("baocao")
	if got := said(h.last); !strings.Contains(got, "2") || !strings.Contains(got, "Xác nhận") && h.state.Step != conversation.StepSummary {
		t.Errorf("reporting again: %q", got)
	}
	h.press("Sửa")
	h.press("Số việc thi hành xong")
	h.text("6")
	h.text("1")
	if len(h.saved) != 2 || h.saved[1].Revision != 2 || h.saved[1].Answers["viec_xong"] != "6" || h.saved[1].Answers["tien_xong"] != "1000000000" {
		t.Fatalf("revision 2: %+v", h.saved)
	}
}
