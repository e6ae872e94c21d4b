package conversation_test

import (
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
)

// revise swaps the harness's engine for one whose weekly form is changed by
// edit, as a restart with a new config would; state and store stay.
func (h *harness) revise(edit func(f *fieldbot.Form)) {
	h.t.Helper()
	cfg := h.e.Config()
	forms := make([]fieldbot.Form, len(cfg.Forms))
	for i, f := range cfg.Forms {
		f.Fields = append([]fieldbot.Field(nil), f.Fields...)
		edit(&f)
		forms[i] = f
	}
	cfg.Forms = forms
	h.e = conversation.New(cfg)
}

func without(id string) func(*fieldbot.Form) {
	return func(f *fieldbot.Form) {
		f.Fields = slicesDelete(f.Fields, id)
	}
}

func slicesDelete(fs []fieldbot.Field, id string) []fieldbot.Field {
	var out []fieldbot.Field
	for _, fl := range fs {
		if fl.ID != id {
			out = append(out, fl)
		}
	}
	return out
}

// fillTo answers the form up to the note.
func fillToNote(h *harness) {
	h.command("baocao")
	h.text("100")
	h.text("60")
	h.text("2 tỷ")
	h.text("1")
	h.expectAsked("Ghi chú")
}

func TestRemovedFieldMidForm(t *testing.T) {
	h := bound(t)
	fillToNote(h)
	h.revise(without("ghi_chu")) // the note she was answering is gone
	r := h.text("xe hỏng")
	got := said(r)
	if !strings.Contains(got, "vừa được cập nhật") || !strings.Contains(got, "Xác nhận") && h.state.Step != conversation.StepSummary {
		t.Fatalf("after the note was removed: %q, state %+v", got, h.state)
	}
	if _, ok := h.state.Answers["ghi_chu"]; ok {
		t.Errorf("the typed text went to a field that no longer exists: %+v", h.state.Answers)
	}
	h.press("Xác nhận")
	if len(h.saved) != 1 || h.saved[0].Answers["viec_xong"] != "60" || h.saved[0].Answers["tien_xong"] != "2000000000" {
		t.Fatalf("saved %+v", h.saved)
	}
}

func TestReorderedAndRetypedFieldsMidForm(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.text("100")
	h.text("60")
	h.expectAsked("Số tiền thi hành xong")
	// The money field moves first and "viec_xong" becomes a percent.
	h.revise(func(f *fieldbot.Form) {
		fs := f.Fields
		fs[0], fs[1], fs[2] = fs[2], fs[0], fs[1]
		fs[2].Type = fieldbot.FieldPercent
		f.Checks = nil
	})
	h.text("2 tỷ") // meant for the money question
	if got := said(h.last); !strings.Contains(got, "vừa được cập nhật") {
		t.Fatalf("no notice of the change: %q", got)
	}
	if len(h.state.Answers) != 1 || h.state.Answers["viec_co_dieu_kien"] != "100" {
		t.Errorf("kept answers = %+v; want only the count whose type stayed", h.state.Answers)
	}
	// The unanswered fields are asked, in the new order, then the summary.
	h.expectAsked("Số tiền thi hành xong")
	h.text("2 tỷ")
	h.expectAsked("Số việc thi hành xong")
	h.text("60,5")
	h.expectAsked("Tự đánh giá")
}

func TestRemovedFormMidForm(t *testing.T) {
	h := bound(t)
	fillToNote(h)
	cfg := h.e.Config()
	cfg.Forms = []fieldbot.Form{{ID: "monthly", Title: "Báo cáo tháng", Period: fieldbot.PeriodMonth, Fields: weekly.Fields[:1]}}
	cfg.Checks = nil
	h.e = conversation.New(cfg)
	r := h.text("xe hỏng")
	if !h.state.Idle() || !strings.Contains(said(r), "không còn") {
		t.Fatalf("a form that no longer exists: %q, state %+v", said(r), h.state)
	}
}

// A state written by the previous version (no shape recorded) that no
// longer fits is mended too; one that still fits goes on silently.
func TestOldStateMended(t *testing.T) {
	h := bound(t)
	h.state = &conversation.State{Step: conversation.StepField, Form: "weekly", Period: "2026-W48", Unit: "kv1", Field: 7,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "100", "viec_xong": "abc", "gone": "1"}, Seq: 4, Updated: h.now}
	h.text("5")
	if got := said(h.last); !strings.Contains(got, "vừa được cập nhật") || h.state.Field != 1 {
		t.Fatalf("old state with field 7 of 5: %q, field %d", got, h.state.Field)
	}
	if len(h.state.Answers) != 1 {
		t.Errorf("kept %+v; want only the valid count", h.state.Answers)
	}

	h = bound(t)
	h.state = &conversation.State{Step: conversation.StepField, Form: "weekly", Period: "2026-W48", Unit: "kv1", Field: 1,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "100"}, Seq: 4, Updated: h.now}
	h.text("60")
	if got := said(h.last); strings.Contains(got, "cập nhật") || h.state.Answers["viec_xong"] != "60" {
		t.Errorf("an old state that fits: %q, %+v", got, h.state.Answers)
	}
}

func TestUnitChangedMidForm(t *testing.T) {
	h := bound(t)
	fillToNote(h)
	h.text("ghi chú")
	moved := *h.person
	moved.Unit = "dongthap"
	h.person = &moved
	r := h.press("Xác nhận")
	if len(h.saved) != 0 {
		t.Fatalf("saved under a unit the person did not see: %+v", h.saved)
	}
	if got := said(r); !strings.Contains(got, "Thi hành án dân sự tỉnh Đồng Tháp") {
		t.Errorf("no notice of the new unit: %q", got)
	}
	h.press("Xác nhận")
	if len(h.saved) != 1 || h.saved[0].Unit != "dongthap" {
		t.Fatalf("saved %+v; want one report under the new unit", h.saved)
	}
}

func TestMendInEnglish(t *testing.T) {
	h := bound(t)
	h.lang = locale.EN
	fillToNote(h)
	h.revise(without("ghi_chu"))
	if got := said(h.text("x")); !strings.Contains(got, "was changed") {
		t.Errorf("English notice: %q", got)
	}
}
