package conversation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// typed plays the chat as Zalo does: everything typed, no buttons.
func typed(t *testing.T) *harness {
	h := bound(t)
	h.typed = true
	return h
}

// The question's options: picks are those without a Word.
func picksAndWords(m fieldbot.Message) (picks, words []string) {
	for _, o := range m.Options {
		if o.Word != "" {
			words = append(words, o.Word)
		} else {
			picks = append(picks, o.Label)
		}
	}
	return picks, words
}

func TestTypedNumbersAreAnswers(t *testing.T) {
	h := typed(t)
	h.command("baocao")
	picks, words := picksAndWords(h.last.Messages[len(h.last.Messages)-1])
	if len(picks) != 0 || strings.Join(words, "|") != "hủy" {
		t.Errorf("first count question: picks %q words %q; want no picks, the word hủy", picks, words)
	}
	h.text("3")
	picks, words = picksAndWords(h.last.Messages[len(h.last.Messages)-1])
	if len(picks) != 0 || strings.Join(words, "|") != "quay lại|hủy" {
		t.Errorf("second count question: picks %q words %q", picks, words)
	}
	h.text("2")
	h.text("1") // money: 1 đồng
	picks, words = picksAndWords(h.last.Messages[len(h.last.Messages)-1])
	if strings.Join(picks, "|") != "Đạt|Chưa đạt" || strings.Join(words, "|") != "bỏ qua|quay lại|hủy" {
		t.Errorf("choice question: picks %q words %q; want the choices numbered and the ways around as words", picks, words)
	}
	h.text("2") // a pick: the second choice
	h.text("1") // the note is "1"
	want := fieldbot.Answers{"viec_co_dieu_kien": "3", "viec_xong": "2", "tien_xong": "1", "danh_gia": "Chưa đạt", "ghi_chu": "1"}
	for k, v := range want {
		if h.state.Answers[k] != v {
			t.Errorf("answer %s = %q; want %q (state %+v)", k, h.state.Answers[k], v, h.state)
		}
	}
	h.text("1") // the summary is a pick: 1 confirms
	if len(h.saved) != 1 {
		t.Fatalf("typing 1 at the summary saved %d reports", len(h.saved))
	}
}

func TestTypedNavigationWords(t *testing.T) {
	h := typed(t)
	h.command("baocao")
	h.text("QUAY LAI")
	if got := said(h.last); !strings.Contains(got, "câu hỏi đầu tiên") || h.state.Field != 0 || len(h.state.Answers) != 0 {
		t.Errorf("back at the first question: %q, state %+v", got, h.state)
	}
	h.text("10")
	h.text("quay lại")
	h.expectAsked("Số việc có điều kiện thi hành")
	if h.state.Field != 0 {
		t.Errorf("'quay lại' went to field %d", h.state.Field)
	}
	h.text("Quay Lai") // still the first
	h.text("10")
	h.text("bỏ qua") // a required field: it cannot be skipped
	if got := said(h.last); !strings.Contains(got, "bắt buộc") || h.state.Field != 1 {
		t.Errorf("skipping a required field: %q, field %d", got, h.state.Field)
	}
	h.text("5")
	h.text("2 tỷ")
	h.text("bo qua") // optional choice
	h.expectAsked("Ghi chú")
	h.text("Bỏ Qua") // optional note
	if h.state.Step != "summary" {
		t.Fatalf("after skipping the last field: step %q", h.state.Step)
	}
	if _, ok := h.state.Answers["ghi_chu"]; ok {
		t.Errorf("'bỏ qua' was saved as the note: %+v", h.state.Answers)
	}
	h.text("1")
	if len(h.saved) != 1 {
		t.Fatal("not saved")
	}

	h.command("baocao")
	h.text("HỦY")
	if !h.state.Idle() || len(h.saved) != 1 {
		t.Errorf("'HỦY' typed: state %+v", h.state)
	}

	// English words in English.
	h.lang = locale.EN
	h.command("report")
	h.text("11")
	h.text("back")
	if h.state.Field != 0 {
		t.Errorf("'back' in English went to field %d", h.state.Field)
	}
	h.text("cancel")
	if !h.state.Idle() {
		t.Errorf("'cancel' in English left %+v", h.state)
	}
}

func TestAnswerThatBeginsLikeACommand(t *testing.T) {
	h := typed(t)
	h.command("baocao")
	h.text("10")
	h.text("5")
	h.text("2 tỷ")
	h.text("1")
	h.expectAsked("Ghi chú")
	// Zalo recognised "tiến độ" and "mời" as commands with arguments.
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tiendo", Text: "chậm do mưa", Plain: "Tiến độ chậm do mưa"})
	if got := h.state.Answers["ghi_chu"]; got != "Tiến độ chậm do mưa" {
		t.Fatalf("note = %q; want the whole text (bot said %q)", got, said(h.last))
	}
	h.text("2") // the summary: edit
	h.text("5") // the fifth field
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "đương sự lên", Plain: "Mời đương sự lên"})
	if got := h.state.Answers["ghi_chu"]; got != "Mời đương sự lên" {
		t.Fatalf("note = %q; want the whole text (bot said %q)", got, said(h.last))
	}
	if strings.Contains(said(h.last), "đang nhập dở") {
		t.Errorf("an answer was refused as busy: %q", said(h.last))
	}

	// A whole command still acts, and the question comes back.
	h.text("2")
	h.text("1")
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup", Plain: "tro giup"})
	h.expectAsked("Số việc có điều kiện thi hành")
	if !strings.Contains(said(h.last), "/baocao") {
		t.Errorf("'tro giup' did not show help: %q", said(h.last))
	}
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huy", Plain: "huy"})
	if !h.state.Idle() || len(h.saved) != 0 {
		t.Errorf("'huy': state %+v saved %d", h.state, len(h.saved))
	}
}

func TestTypedTextsNeverMentionButtons(t *testing.T) {
	h := typed(t)
	h.command("baocao")
	h.text("10")
	h.text("5")
	h.text("2 tỷ")
	h.text("7") // not a choice
	h.text("")
	h.send(fieldbot.Input{Kind: fieldbot.InputOther})
	for _, m := range h.transcript {
		low := strings.ToLower(m.Text)
		if strings.Contains(low, "bấm") || strings.Contains(low, "nút") {
			t.Errorf("a typed channel was told to press a button: %q", m.Text)
		}
	}
}

func TestPlausibilityAgainstLastReportHoweverOld(t *testing.T) {
	h := bound(t)
	loc := h.now.Location()
	h.now = time.Date(2026, 11, 27, 10, 0, 0, 0, loc) // week 48
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=338 vxong=100 txong=50.988.000.000"})
	h.press("Xác nhận")

	h.now = time.Date(2026, 12, 10, 10, 0, 0, 0, loc) // week 50; nothing for week 49
	h.command("baocao")
	h.text("1.250")
	got := said(h.last)
	if !strings.Contains(got, "338") || !strings.Contains(got, "Tuần 48/2026") {
		t.Fatalf("1.250 after 338 two weeks earlier was not questioned: %q", got)
	}
	h.text("1") // keep it: are-you-sure is a pick
	h.text("120")
	h.text("1,5 tỷ")
	if got := said(h.last); !strings.Contains(got, "50.988.000.000") || !strings.Contains(got, "nhỏ hơn") {
		t.Fatalf("1,5 tỷ after 50.988.000.000 was not questioned: %q", got)
	}

	// A steady pace over several silent weeks is not questioned: 338 after
	// nine weeks of the year, 420 three weeks later.
	h.text("2")
	h.text("51 tỷ")
	h.command("huy")
	h.command("baocao")
	h.text("420")
	if h.state.Step != "field" || h.state.Field != 1 {
		t.Errorf("a steady figure was questioned: %q", said(h.last))
	}
}

func TestFailedCheckShowsFiguresAndOffersItsFields(t *testing.T) {
	h := bound(t)
	h.command("baocao")
	h.text("100")
	h.text("150")
	got := said(h.last)
	for _, want := range []string{"không thể lớn hơn", "Số việc có điều kiện thi hành: <b>100</b>", "Số việc thi hành xong: <b>150</b>"} {
		if !strings.Contains(got, want) {
			t.Errorf("failed check lacks %q:\n%s", want, got)
		}
	}
	h.press("Số việc có điều kiện thi hành") // the other figure was wrong
	h.expectAsked("Số việc có điều kiện thi hành")
	h.text("200")
	h.expectAsked("Số tiền thi hành xong") // back where the form was
	if h.state.Answers["viec_co_dieu_kien"] != "200" || h.state.Answers["viec_xong"] != "150" {
		t.Errorf("after the fix: %+v", h.state.Answers)
	}

	// Typed: the re-asked question still takes a number as its answer,
	// and the other field is a word.
	h = typed(t)
	h.command("baocao")
	h.text("100")
	h.text("150")
	_, words := picksAndWords(h.last.Messages[len(h.last.Messages)-1])
	if !strings.Contains(strings.Join(words, "|"), "sửa mục 1") {
		t.Errorf("words offered after a failed check: %q", words)
	}
	h.text("1")
	if h.state.Answers["viec_xong"] != "1" {
		t.Errorf("typing 1 after a failed check: %+v", h.state.Answers)
	}
}

func TestEnglishReadsEnglishNumbers(t *testing.T) {
	h := bound(t)
	h.lang = locale.EN
	h.command("report")
	h.text("7,581")
	if h.state.Answers["viec_co_dieu_kien"] != "7581" {
		t.Fatalf("7,581 in English = %+v; said %q", h.state.Answers, said(h.last))
	}
	h.text("6,300")
	h.text("129,598,090,000 VND")
	if h.state.Answers["tien_xong"] != "129598090000" {
		t.Errorf("money in English = %q; said %q", h.state.Answers["tien_xong"], said(h.last))
	}
}
