package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
)

// These tests build the real binary and run it against the fake Bot API,
// exactly as an office would run it against Telegram.

const token = "123456:TEST-token-for-e2e"

// binary is fieldbot as released, built once per test run.
func binary(t testing.TB) string { return build(t, "") }

// builds are the binaries built so far, by their -ldflags.
var builds sync.Map // string → func() (string, error)

// build builds fieldbot with the given -ldflags once per test run and
// returns its path.
func build(t testing.TB, ldflags string) string {
	t.Helper()
	once, _ := builds.LoadOrStore(ldflags, sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "fieldbot-test-bin")
		if err != nil {
			return "", err
		}
		path := filepath.Join(dir, "fieldbot")
		if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", path, ".").CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build -ldflags %q: %v\n%s", ldflags, err, out)
		}
		return path, nil
	}))
	path, err := once.(func() (string, error))()
	if err != nil {
		t.Fatal(err)
	}
	return path
}

const testConfig = `
data_dir = "data"
timezone = "Asia/Ho_Chi_Minh"
roster = "roster.csv"

[telegram]
api_url = "%s"

[http]
listen = "127.0.0.1:0"

[[units]]
id = "dongthap"
name = "Thi hành án dân sự tỉnh Đồng Tháp"

[[units]]
id = "kv1"
name = "Phòng Thi hành án dân sự khu vực 1"
parent = "dongthap"

[[forms]]
id = "weekly"
title = "Báo cáo tiến độ tuần"
period = "week"

  [[forms.fields]]
  id = "viec_co_dieu_kien"
  label = "Số việc có điều kiện thi hành (lũy kế từ 01/10)"
  type = "count"
  aggregate = "last"

  [[forms.fields]]
  id = "viec_xong"
  label = "Số việc thi hành xong (lũy kế)"
  type = "count"
  aggregate = "last"

  [[forms.fields]]
  id = "tien_xong"
  label = "Số tiền thi hành xong (lũy kế, đồng)"
  type = "money"
  aggregate = "last"

  [[forms.fields]]
  id = "ghi_chu"
  label = "Ghi chú"
  type = "text"
  required = false

  [[forms.checks]]
  rule = "viec_xong <= viec_co_dieu_kien"
  message = "Số việc xong không thể lớn hơn số việc có điều kiện."
`

const testRoster = `phone,name,unit,role,title
0912345678,Nguyễn Văn An,kv1,officer,Chấp hành viên
+84987654321,Trần Thị Bích,kv1,leader,Trưởng phòng
`

var (
	an       = telegramtest.User{ID: 1001, FirstName: "An", LanguageCode: "vi"}
	bich     = telegramtest.User{ID: 1002, FirstName: "Bích", LanguageCode: "vi"}
	stranger = telegramtest.User{ID: 3001, FirstName: "Lạ", LanguageCode: "vi"}
)

// office is one deployment: a config dir, the fake Telegram and a running bot.
type office struct {
	t      *testing.T
	dir    string
	config string
	tg     *telegramtest.Server
	cmd    *exec.Cmd
	logs   *bytes.Buffer
	seen   map[int64]int // last message id looked at, per chat
}

func newOffice(t *testing.T) *office {
	t.Helper()
	dir := t.TempDir()
	tg := telegramtest.New(token)
	t.Cleanup(tg.Close)
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(testConfig, tg.URL())), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(testRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	return &office{t: t, dir: dir, config: cfg, tg: tg, seen: map[int64]int{}}
}

func (o *office) start() {
	o.t.Helper()
	o.startEnv(append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token))
}

// listenHTTP moves the office's [http] listen to a free loopback port, to
// be reached from the test, and returns that address.
func (o *office) listenHTTP() string {
	o.t.Helper()
	addr := freeAddr(o.t)
	cfg, _ := os.ReadFile(o.config)
	os.WriteFile(o.config, []byte(strings.Replace(string(cfg), `listen = "127.0.0.1:0"`, `listen = "`+addr+`"`, 1)), 0o600)
	return addr
}

// startEnv starts "fieldbot run" on the office's config with env, its
// output kept in o.logs.
func (o *office) startEnv(env []string) {
	o.t.Helper()
	o.logs = &bytes.Buffer{}
	cmd := exec.Command(binary(o.t), "run", "-config", o.config)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = o.logs, o.logs
	o.launch(cmd)
}

// launch starts cmd as the office's bot, killed at the end of the test if
// it is still running.
func (o *office) launch(cmd *exec.Cmd) {
	o.t.Helper()
	o.cmd = cmd
	if err := o.cmd.Start(); err != nil {
		o.t.Fatal(err)
	}
	o.t.Cleanup(func() {
		if o.cmd.ProcessState == nil {
			o.cmd.Process.Kill()
			o.cmd.Wait()
		}
	})
}

func (o *office) stop(sig syscall.Signal) {
	o.t.Helper()
	o.cmd.Process.Signal(sig)
	done := make(chan error, 1)
	go func() { done <- o.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		o.cmd.Process.Kill()
		o.t.Fatalf("the bot did not stop on %v; logs:\n%s", sig, o.logs)
	}
}

// expect waits for a new message in u's chat whose plain text contains want.
func (o *office) expect(u telegramtest.User, want string) telegramtest.Message {
	o.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	after := o.seen[u.ID]
	m, err := o.tg.WaitFor(ctx, u.ID, func(m telegramtest.Message) bool {
		return m.ID > after && strings.Contains(m.PlainText(), want)
	})
	if err != nil {
		o.t.Fatalf("waiting for %q from the bot: %v\nlogs:\n%s", want, err, o.logs)
	}
	o.seen[u.ID] = m.ID
	return m
}

// press presses the inline button whose text contains label on message m.
func (o *office) press(u telegramtest.User, m telegramtest.Message, label string) int {
	o.t.Helper()
	for _, row := range m.Inline {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				id, _ := o.tg.PressButton(u, m.ID, b.CallbackData)
				return id
			}
		}
	}
	o.t.Fatalf("no button %q on %q", label, m.PlainText())
	return 0
}

func (o *office) onboard(u telegramtest.User, phone string) {
	o.t.Helper()
	o.tg.SendText(u, "/start")
	m := o.expect(u, "chia sẻ số điện thoại")
	if m.Reply == nil || len(m.Reply.Rows) == 0 || !m.Reply.Rows[0][0].RequestContact {
		o.t.Fatalf("/start offered no share-phone button: %+v", m)
	}
	o.tg.SendContact(u, telegramtest.Contact{PhoneNumber: phone, FirstName: u.FirstName, UserID: u.ID})
}

func (o *office) export() [][]string {
	o.t.Helper()
	out := filepath.Join(o.dir, "out.csv")
	cmd := exec.Command(binary(o.t), "export", "-config", o.config, "-form", "weekly", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		o.t.Fatalf("export: %v\n%s", err, b)
	}
	return readExport(o.t, out)
}

// readExport reads an exported CSV back, as Excel would: it must begin
// with a UTF-8 byte order mark.
func readExport(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Errorf("%s does not begin with a UTF-8 byte order mark: Excel would read it as Windows-1258", path)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func (o *office) noRejections() {
	o.t.Helper()
	for _, r := range o.tg.Rejections() {
		o.t.Errorf("Telegram would have refused %s: %s", r.Method, r.Reason)
	}
	if strings.Contains(o.logs.String(), token) {
		o.t.Errorf("the token appears in the logs")
	}
}

func TestOnboardingAndReport(t *testing.T) {
	o := newOffice(t)
	o.start()

	// A stranger can do nothing but be told whom to ask.
	o.onboard(stranger, "0901999888")
	o.expect(stranger, "chưa có trong danh sách")
	o.tg.SendText(stranger, "/baocao")
	o.expect(stranger, "chia sẻ số điện thoại")

	// Someone else's contact is refused; one's own is accepted.
	o.tg.SendText(an, "/start")
	o.expect(an, "chia sẻ số điện thoại")
	o.tg.SendContact(an, telegramtest.Contact{PhoneNumber: "0912345678", FirstName: "An", UserID: 999})
	o.expect(an, "không phải số điện thoại của chính")
	o.tg.SendContact(an, telegramtest.Contact{PhoneNumber: "+84 912 345 678", FirstName: "An", UserID: an.ID})
	o.expect(an, "Nguyễn Văn An")

	o.tg.SendText(an, "/baocao")
	o.expect(an, "Số việc có điều kiện thi hành (lũy kế từ 01/10)")
	o.tg.SendText(an, "7.581")
	o.expect(an, "Số việc thi hành xong (lũy kế)")
	o.tg.SendText(an, "7600")
	o.expect(an, "không thể lớn hơn")
	o.tg.SendText(an, "6300")
	o.expect(an, "Số tiền thi hành xong")
	o.tg.SendText(an, "abc")
	o.expect(an, "Chưa đọc được số tiền")
	o.tg.SendText(an, "1,5 tỷ")
	m := o.expect(an, "Ghi chú")
	o.press(an, m, "Bỏ qua")
	summary := o.expect(an, "1.500.000.000 đồng")
	for _, want := range []string{"7.581", "6.300"} {
		if !strings.Contains(summary.PlainText(), want) {
			t.Errorf("summary lacks %q: %q", want, summary.PlainText())
		}
	}
	confirm := o.press(an, summary, "Xác nhận")
	o.expect(an, "Đã lưu")

	// Telegram delivering the confirmation again changes nothing.
	before := len(o.tg.Messages(an.ID))
	if !o.tg.Redeliver(confirm) {
		t.Fatal("Redeliver failed")
	}
	o.tg.SendText(an, "/trogiup") // a marker: its answer comes after the re-delivery was handled
	o.expect(an, "/baocao")
	if after := len(o.tg.Messages(an.ID)); after != before+1 {
		t.Errorf("the re-delivered press produced %d messages", after-before-1)
	}
	// The pressed summary lost its buttons, so it cannot be pressed twice.
	for _, msg := range o.tg.Messages(an.ID) {
		if msg.ID == summary.ID && len(msg.Inline) != 0 {
			t.Errorf("the confirmed summary still has buttons: %+v", msg.Inline)
		}
	}

	// /sua reopens the report; saving makes revision 2.
	o.tg.SendText(an, "/sua")
	o.expect(an, "bản thứ 2")
	summary = o.expect(an, "1.500.000.000 đồng")
	o.press(an, summary, "Sửa")
	pick := o.expect(an, "Chọn mục")
	o.press(an, pick, "Số việc thi hành xong")
	o.expect(an, "Đang ghi: 6.300")
	o.tg.SendText(an, "6.400")
	summary = o.expect(an, "6.400")
	o.press(an, summary, "Xác nhận")
	o.expect(an, "Bản thứ 2")

	// The command menu is registered in Vietnamese (default) and English.
	if !hasCommand(o.tg.Commands(""), "baocao") || !hasCommand(o.tg.Commands("en"), "report") {
		t.Errorf("command menus: vi %v, en %v", o.tg.Commands(""), o.tg.Commands("en"))
	}
	// It is the officer's: no leader's commands, and An has none of his own.
	if hasCommand(o.tg.Commands(""), "moi") || hasCommand(o.tg.Commands(""), "tonghop") || hasCommand(o.tg.Commands("en"), "invite") {
		t.Errorf("the default menu offers leaders' commands: vi %v, en %v", o.tg.Commands(""), o.tg.Commands("en"))
	}
	if got := o.tg.ScopedCommands(fmt.Sprint("chat:", an.ID), ""); len(got) != 0 {
		t.Errorf("the officer's chat has a menu of its own: %v", got)
	}

	// export refuses quickly while the bot holds the database.
	start := time.Now()
	out, err := exec.Command(binary(t), "export", "-config", o.config, "-form", "weekly").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by a running fieldbot") {
		t.Errorf("export while running: %v %s", err, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("export while running took %v", d)
	}

	o.stop(syscall.SIGTERM)
	rows := o.export()
	want := [][]string{{"form", "period", "unit", "phone", "name", "revision", "submitted_at", "viec_co_dieu_kien", "viec_xong", "tien_xong", "ghi_chu", "submitted_by", "submitted_via"}}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(want[0], ",") {
		t.Fatalf("export = %v", rows)
	}
	r := rows[1]
	if r[0] != "weekly" || !strings.HasPrefix(r[1], "20") || !strings.Contains(r[1], "-W") || r[2] != "kv1" || r[3] != "0912345678" ||
		r[4] != "Nguyễn Văn An" || r[5] != "2" || r[7] != "7581" || r[8] != "6400" || r[9] != "1500000000" || r[10] != "" ||
		r[11] != "0912345678" || r[12] != fmt.Sprint("telegram:", an.ID) {
		t.Errorf("export row = %v", r)
	}
	o.noRejections()
}

func TestKillMidFormResumes(t *testing.T) {
	o := newOffice(t)
	o.start()
	o.onboard(bich, "0987 654 321")
	o.expect(bich, "Trần Thị Bích")
	o.eventually("the leader's own menu", func() bool {
		return hasCommand(o.tg.ScopedCommands(fmt.Sprint("chat:", bich.ID), ""), "tonghop") &&
			hasCommand(o.tg.ScopedCommands(fmt.Sprint("chat:", bich.ID), "en"), "digest")
	})
	o.tg.SendText(bich, "/report")
	o.expect(bich, "Số việc có điều kiện thi hành")
	o.tg.SendText(bich, "120")
	o.expect(bich, "Số việc thi hành xong")
	o.tg.SendText(bich, "100")
	o.expect(bich, "Số tiền thi hành xong")

	o.stop(syscall.SIGKILL)
	o.start()

	o.tg.SendText(bich, "250tr")
	m := o.expect(bich, "Ghi chú")
	o.tg.SendText(bich, "Đã kiểm tra hồ sơ <tồn đọng> & xác minh")
	summary := o.expect(bich, "250.000.000 đồng")
	if !strings.Contains(summary.PlainText(), "120") || !strings.Contains(summary.PlainText(), "<tồn đọng> & xác minh") {
		t.Errorf("answers given before the kill are missing: %q", summary.PlainText())
	}
	_ = m
	o.press(bich, summary, "Xác nhận")
	o.expect(bich, "Đã lưu")
	o.stop(syscall.SIGTERM)
	rows := o.export()
	if len(rows) != 2 || rows[1][7] != "120" || rows[1][8] != "100" || rows[1][9] != "250000000" || rows[1][4] != "Trần Thị Bích" {
		t.Errorf("export after kill and restart = %v", rows)
	}
	o.noRejections()
}

// `fieldbot sandbox -config FILE` runs the sandbox on purpose, with that
// file's units and roster, whatever tokens are around.
func TestSandboxOnPurpose(t *testing.T) {
	o := newOffice(t)
	page, people := startSandboxProcess(t, o.config)
	if len(people) != 2 || people[0].Name != "Nguyễn Văn An" {
		t.Fatalf("people = %+v", people)
	}
	post := func(path, body string) {
		req, _ := http.NewRequest("POST", page+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("POST %s = %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	id := fmt.Sprint(people[0].UserID)
	post("/api/send", `{"user":`+id+`,"text":"/start"}`)
	waitChat(t, page, id, "chia sẻ số điện thoại")
	post("/api/contact", `{"user":`+id+`}`)
	waitChat(t, page, id, "Nguyễn Văn An")
	post("/api/send", `{"user":`+id+`,"text":"/baocao"}`)
	waitChat(t, page, id, "Số việc có điều kiện thi hành")
}

// sandboxPerson is a person as the sandbox page lists them.
type sandboxPerson struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
}

// startSandboxProcess runs `fieldbot sandbox -config config` and returns
// the page's URL and the people it offers; the process is stopped when the
// test ends. A real token in the environment changes nothing.
func startSandboxProcess(t *testing.T, config string) (string, []sandboxPerson) {
	t.Helper()
	cmd := exec.Command(binary(t), "sandbox", "-config", config)
	cmd.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	return runSandboxProcess(t, cmd)
}

// runSandboxProcess starts cmd, a sandbox, and returns the page's URL and
// the people it offers; the process is stopped when the test ends.
func runSandboxProcess(t *testing.T, cmd *exec.Cmd) (string, []sandboxPerson) {
	t.Helper()
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	page := ""
	for deadline := time.Now().Add(20 * time.Second); page == ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox did not log its URL:\n%s", logs)
		}
		if m := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`).FindStringSubmatch(logs.String()); m != nil {
			page = m[1]
		}
	}
	var people []sandboxPerson
	getJSON(t, page+"/api/people", &people)
	return page, people
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// waitChat polls the sandbox's chat history until the bot said want.
func waitChat(t *testing.T, page, user, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(page + "/api/chat?user=" + user)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the sandbox chat never showed %q:\n%s", want, body)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCheckConfig(t *testing.T) {
	// As run does, check-config reads the tokens from the environment.
	cmd := exec.Command(binary(t), "check-config", "-config", "../../config.example.toml")
	cmd.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Errorf("check-config of the example: %v\n%s", err, out)
	}
	o := newOffice(t)
	bad := strings.Replace(fmt.Sprintf(testConfig, o.tg.URL()), `type = "money"`, `type = "monee"`, 1) + "\nunknown_key = 1\n"
	os.WriteFile(o.config, []byte(bad), 0o600)
	os.WriteFile(filepath.Join(o.dir, "roster.csv"), []byte(testRoster+"0912 345 678,Trùng Số,kv1,officer,\n12,Sai Số,kv9,boss,\n"), 0o600)
	out, err = exec.Command(binary(t), "check-config", "-config", o.config).CombinedOutput()
	if err == nil {
		t.Fatalf("check-config accepted a broken config:\n%s", out)
	}
	for _, want := range []string{"monee", "unknown_key", "roster.csv:4", "roster.csv:5"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("check-config output lacks %q:\n%s", want, out)
		}
	}
}

// eventually waits up to 15 seconds for cond.
func (o *office) eventually(what string, cond func() bool) {
	o.t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			o.t.Fatalf("gave up waiting for %s; logs:\n%s", what, o.logs)
		}
	}
}

func hasCommand(cmds []telegramtest.BotCommand, name string) bool {
	for _, c := range cmds {
		if c.Command == name {
			return true
		}
	}
	return false
}
