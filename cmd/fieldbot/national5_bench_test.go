package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// BenchmarkNationalFiveYears is the national office of issue 16 after five
// years: 355 regional offices under 34 provinces, 10,000 officers, 260
// weeks of weekly reports ending last week (one in ten corrected once:
// about 2.86 million revisions, each with its history event, written the
// way the relay writes them), 389 leaders and the admin linked on Telegram.
// The file is built once and kept in the temp dir between runs (about ten
// minutes to build; named by the schema and the week it ends, so a new
// week or a new layout builds a new one). It reports:
//
//   - the file: MiB and bytes per revision;
//
//   - in this process: the time to load the ledger and the heap it holds,
//     /tiendo of the whole tree and of one office;
//
//   - the real binary in its own process on a copy of the file: the time
//     from exec to the answer of a /tiendo queued before it started, the
//     resident memory a few seconds after that answer, and the weekly
//     digest run for every leader and admin (caught up at start): the time
//     from the scheduler's start of the run to every message queued, and
//     the process's peak resident memory by then.
//
//     go test -run '^$' -bench NationalFiveYears -benchtime 1x -timeout 60m ./cmd/fieldbot
func BenchmarkNationalFiveYears(b *testing.B) {
	nat := newNational(b)
	path, revisions := nat.fiveYearStore(b)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("file", func(b *testing.B) {
		b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
		b.ReportMetric(float64(fi.Size())/float64(revisions), "B/rev")
		b.ReportMetric(float64(revisions), "revisions")
	})
	b.Run("ledger", func(b *testing.B) { nat.inProcess(b, path) })
	b.Run("binary", func(b *testing.B) { nat.binary(b, path) })
}

// national is the office: its config (forms, indicators and targets of
// config.example.toml, the national tree and roster) and its people.
type national struct {
	cfg      *config.Config
	offices  []string
	officers []fieldbot.Person
	leaders  []fieldbot.Person // the admin first, then province and office leaders
	text     string            // config.toml for the binary, without api_url and data_dir
	roster   string            // roster.csv
}

func newNational(b *testing.B) *national {
	example, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		b.Fatal(err)
	}
	src := string(example)
	forms := src[strings.Index(src, "\n[[forms]]"):strings.Index(src, "\n[[targets]]")]

	n := &national{}
	var units strings.Builder
	unit := func(id, name, parent string) {
		fmt.Fprintf(&units, "[[units]]\nid = %q\nname = %q\n", id, name)
		if parent != "" {
			fmt.Fprintf(&units, "parent = %q\n", parent)
		}
		units.WriteString("\n")
	}
	unit("cuc", "Cục Quản lý thi hành án dân sự", "")
	for p := range 34 {
		unit(fmt.Sprintf("p%d", p), fmt.Sprintf("Thi hành án dân sự tỉnh %d", p), "cuc")
	}
	for o := range 355 {
		id := fmt.Sprintf("p%d_kv%d", o%34, o)
		n.offices = append(n.offices, id)
		unit(id, fmt.Sprintf("Phòng Thi hành án dân sự khu vực %d", o), fmt.Sprintf("p%d", o%34))
	}
	var targets strings.Builder
	for y := 2022; y <= 2028; y++ {
		fmt.Fprintf(&targets, "[[targets]]\nindicator = \"ty_le_viec\"\nunit = \"cuc\"\nyear = %d\nvalue = 84.0\nmilestones = { \"12-31\" = 21.0, \"03-31\" = 42.0, \"06-30\" = 63.0, \"08-31\" = 77.0 }\n\n", y)
		fmt.Fprintf(&targets, "[[targets]]\nindicator = \"ty_le_tien\"\nunit = \"cuc\"\nyear = %d\nvalue = 52.0\n\n", y)
	}
	n.text = "timezone = \"Asia/Ho_Chi_Minh\"\nroster = \"roster.csv\"\n\n" + units.String() + forms + targets.String()

	var roster strings.Builder
	roster.WriteString("phone,name,unit,role,title\n")
	add := func(p fieldbot.Person) {
		fmt.Fprintf(&roster, "%s,%s,%s,%s,\n", p.Phone, p.Name, p.Unit, p.Role)
	}
	n.leaders = append(n.leaders, fieldbot.Person{Phone: "0800000000", Name: "Quản trị", Unit: "cuc", Role: fieldbot.RoleAdmin})
	for p := range 34 {
		n.leaders = append(n.leaders, fieldbot.Person{Phone: fmt.Sprintf("08%08d", 100+p), Name: fmt.Sprintf("Cục trưởng %d", p), Unit: fmt.Sprintf("p%d", p), Role: fieldbot.RoleLeader})
	}
	for o, id := range n.offices {
		n.leaders = append(n.leaders, fieldbot.Person{Phone: fmt.Sprintf("08%08d", 1000+o), Name: fmt.Sprintf("Trưởng phòng %d", o), Unit: id, Role: fieldbot.RoleLeader})
	}
	for i := range 10000 {
		n.officers = append(n.officers, fieldbot.Person{Phone: fmt.Sprintf("09%08d", i+1), Name: fmt.Sprintf("Cán bộ %d", i), Unit: n.offices[i%len(n.offices)], Role: fieldbot.RoleOfficer})
	}
	for _, p := range n.leaders {
		add(p)
	}
	for _, p := range n.officers {
		add(p)
	}
	n.roster = roster.String()

	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte(n.text), 0o600)
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(n.roster), 0o600)
	if n.cfg, err = config.Load(filepath.Join(dir, "config.toml"), func(string) string { return "" }); err != nil {
		b.Fatal(err)
	}
	return n
}

// nationalWeeks is how many weeks the five-year store holds;
// FIELDBOT_NATIONAL_WEEKS=10 tries the benchmark on a small file.
func nationalWeeks() int {
	if n, err := strconv.Atoi(os.Getenv("FIELDBOT_NATIONAL_WEEKS")); err == nil && n > 0 {
		return n
	}
	return 260
}

// nationalGenerator names what the store holds; change it when the data
// written changes, so that a cached file of the old data is not reused.
const nationalGenerator = "g1"

// fiveYearStore returns the cached file (building it if needed) and how
// many revisions it holds.
func (n *national) fiveYearStore(b *testing.B) (string, int) {
	cal := n.cfg.Calendar
	last := cal.Previous(cal.PeriodOf(fieldbot.PeriodWeek, time.Now()))
	dir := filepath.Join(os.TempDir(), "fieldbot-bench")
	name := fmt.Sprintf("national-s%d-%s-%dw-%s.db", store.SchemaVersion, nationalGenerator, nationalWeeks(), last.Key)
	path := filepath.Join(dir, name)
	count := path + ".revisions"
	if data, err := os.ReadFile(count); err == nil {
		if revs, err := strconv.Atoi(string(data)); err == nil {
			return path, revs
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	os.Remove(path)
	start := time.Now()
	revs := n.write(b, path+".tmp", last)
	if err := os.Rename(path+".tmp", path); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(count, []byte(strconv.Itoa(revs)), 0o600)
	b.Logf("built %s in %v", path, time.Since(start).Round(time.Second))
	return path, revs
}

// write fills a new file with nationalWeeks of reports ending with the
// week last, each week's in random order and a thousand to a commit, the
// corrections of a week made during the next; and links every leader.
func (n *national) write(b *testing.B, path string, last fieldbot.Period) int {
	os.Remove(path)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cal := n.cfg.Calendar
	weeks := []fieldbot.Period{last}
	for len(weeks) < nationalWeeks() {
		weeks = append([]fieldbot.Period{cal.Previous(weeks[0])}, weeks...)
	}
	rng := rand.New(rand.NewPCG(16, 5))
	notes := []string{"", "", "", "đã xác minh điều kiện 3 việc", "chờ kê biên tài sản", "đương sự xin hoãn"}
	sub := func(i int, p fieldbot.Period, rev int) fieldbot.Submission {
		o := n.officers[i]
		start, _ := cal.YearBounds(cal.StatYear(p.LastDay()))
		w := int64(p.LastDay().Sub(start).Hours() / (24 * 7)) // weeks into the year
		cases := 200 + int64(i%100) + w
		via := "telegram:" + strconv.Itoa(5_000_000_000+i*7919)
		if i%4 == 0 {
			via = "zalo:" + strconv.FormatUint(8_412_000_000_000_000_000+uint64(i)*104_729, 10)
		}
		return fieldbot.Submission{Form: "weekly", Period: p.Key, Unit: o.Unit, Phone: o.Phone, SubmittedBy: o.Phone, Via: via,
			SubmittedAt: p.End.Add(-time.Duration(30+rng.IntN(40)) * time.Hour).Add(time.Duration(rev-1) * 50 * time.Hour),
			Answers: fieldbot.Answers{
				"viec_co_dieu_kien": strconv.FormatInt(cases, 10),
				"viec_xong":         strconv.FormatInt(cases*w/60+int64(rev-1), 10),
				"viec_dinh_chi":     strconv.Itoa(rng.IntN(4)),
				"tien_co_dieu_kien": strconv.FormatInt(40_000_000_000+int64(i)*1_250_000, 10),
				"tien_xong":         strconv.FormatInt(w*int64(380_000_000+rng.IntN(50_000_000)), 10),
				"tien_dinh_chi":     "0",
				"tiep_dan":          strconv.Itoa(rng.IntN(6)),
				"ghi_chu":           notes[rng.IntN(len(notes))],
			}}
	}
	revisions := 0
	var corrections []fieldbot.Submission
	for wi, p := range weeks {
		batch := corrections
		corrections = nil
		for i := range n.officers {
			batch = append(batch, sub(i, p, 1))
			if i%10 == wi%10 {
				corrections = append(corrections, sub(i, p, 2))
			}
		}
		if wi == len(weeks)-1 {
			batch = append(batch, corrections...)
		}
		rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
		for len(batch) > 0 {
			k := min(1000, len(batch))
			err := db.Update(context.Background(), func(tx *store.Tx) error {
				for _, s := range batch[:k] {
					if _, err := tx.PutSubmission(s); err != nil { // with its history event, as the relay
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			revisions += k
			batch = batch[k:]
		}
	}
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		for i, p := range n.leaders {
			id := strconv.Itoa(leaderUserID(i))
			if err := tx.BindAccount(store.Account{Channel: "telegram", UserID: id, Chat: id, Phone: p.Phone, Lang: "vi"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return revisions
}

// leaderUserID is the Telegram user of n.leaders[i].
func leaderUserID(i int) int { return 7_000_000 + i }

// inProcess loads the ledger from the file as the bot does at start and
// asks /tiendo as the admin (whole tree) and as an office leader.
func (n *national) inProcess(b *testing.B, path string) {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ledger, err := loadLedger(n.cfg, db, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(load.Seconds(), "load-s")
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "ledger-MiB")

	engine := conversation.New(conversation.Config{Forms: n.cfg.Forms, Tree: n.cfg.Tree, Roster: n.cfg.Roster, Calendar: n.cfg.Calendar,
		Lang: locale.VI, Indicators: n.cfg.Indicators, Progress: ledger})
	now := time.Now()
	ask := func(p fieldbot.Person) time.Duration {
		t0 := time.Now()
		res, err := engine.Handle(conversation.Session{Now: now, Person: &p, State: &conversation.State{}},
			fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tiendo"})
		if err != nil || len(res.Messages) == 0 {
			b.Fatalf("/tiendo: %v", err)
		}
		return time.Since(t0)
	}
	const rounds = 20
	var tree, unit time.Duration
	for range rounds {
		tree += ask(n.leaders[0])
		unit += ask(n.leaders[len(n.leaders)-1])
	}
	b.ReportMetric(float64(tree.Microseconds())/rounds/1000, "tree-ms")
	b.ReportMetric(float64(unit.Microseconds())/rounds/1000, "unit-ms")
	runtime.KeepAlive(ledger)
}

// binary runs the real bot twice on copies of the file: once to measure
// the start and the memory after it, once with the digest run caught up
// at start.
func (n *national) binary(b *testing.B, path string) {
	bin := build(b, "")
	now := time.Now().In(n.cfg.Calendar.Location)

	// The start: a /tiendo from the admin waits in Telegram before exec.
	// A short grace: the nightly copy missed on this fresh copy of the
	// file is not caught up at start (it would read the whole file to
	// check the copy, and the start would measure that).
	tg, dir := n.office(b, path, "[digest]\ngrace = \"1m\"\n")
	admin := telegramtest.User{ID: int64(leaderUserID(0)), FirstName: "Quản trị", LanguageCode: "vi"}
	replied := replyWaiter(b, tg, []telegramtest.User{admin}, 60*time.Second)
	tg.SendText(admin, "/tiendo")
	logs := &syncBuffer{}
	start := time.Now()
	cmd := n.start(b, bin, dir, logs)
	if !replied(admin) {
		b.Fatalf("no answer to /tiendo within a minute; logs:\n%s", logs)
	}
	answered := time.Since(start)
	time.Sleep(3 * time.Second)
	rss := procStatusKiB(b, cmd.Process.Pid, "VmRSS")
	anon := procStatusKiB(b, cmd.Process.Pid, "RssAnon")
	peak := procStatusKiB(b, cmd.Process.Pid, "VmHWM")
	stopBot(cmd)
	b.ReportMetric(answered.Seconds(), "start-s")
	b.ReportMetric(float64(rss)/1024, "rss-after-start-MiB")
	b.ReportMetric(float64(anon)/1024, "anon-after-start-MiB")
	b.ReportMetric(float64(peak)/1024, "peak-at-start-MiB")

	// The digest: scheduled two minutes ago, caught up at start.
	was := now.Add(-2 * time.Minute)
	tg, dir = n.office(b, path, fmt.Sprintf("[digest]\nschedule = \"%d %d * * *\"\ngrace = \"1h\"\n", was.Minute(), was.Hour()))
	logs = &syncBuffer{}
	cmd = n.start(b, bin, dir, logs)
	defer stopBot(cmd)
	deadline := time.Now().Add(10 * time.Minute)
	var anonPeak int64 // sampled: the kernel keeps no high-water mark of it
	for !strings.Contains(logs.String(), "scheduled run queued") {
		if time.Now().After(deadline) || strings.Contains(logs.String(), "level=ERROR") {
			b.Fatalf("the digest run did not finish; logs:\n%s", logs)
		}
		anonPeak = max(anonPeak, procStatusKiB(b, cmd.Process.Pid, "RssAnon"))
		time.Sleep(20 * time.Millisecond)
	}
	peak = procStatusKiB(b, cmd.Process.Pid, "VmHWM")
	b.ReportMetric(float64(anonPeak)/1024, "digest-anon-peak-MiB")
	took, err := logSpan(logs.String(), "scheduler: running job", "scheduled run queued")
	if err != nil {
		b.Fatalf("%v; logs:\n%s", err, logs)
	}
	b.ReportMetric(took.Seconds(), "digest-run-s")
	b.ReportMetric(float64(peak)/1024, "digest-peak-MiB")
	_ = tg
}

// office is a fake Bot API that knows every leader and a directory with a
// copy of the file, the config (extra appended) and the roster.
func (n *national) office(b *testing.B, path, extra string) (*telegramtest.Server, string) {
	tg := telegramtest.New(token)
	b.Cleanup(tg.Close)
	for i, p := range n.leaders {
		tg.AddUser(telegramtest.User{ID: int64(leaderUserID(i)), FirstName: p.Name, LanguageCode: "vi"})
	}
	dir := b.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		b.Fatal(err)
	}
	copyFile(b, path, filepath.Join(dir, "data", "fieldbot.db"))
	text := "data_dir = \"data\"\n" + n.text[:strings.Index(n.text, "\n[[units]]")] +
		fmt.Sprintf("[telegram]\napi_url = %q\n\n[http]\nlisten = \"127.0.0.1:0\"\n\n", tg.URL()) + extra + "\n" + n.text[strings.Index(n.text, "\n[[units]]"):]
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte(text), 0o600)
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(n.roster), 0o600)
	return tg, dir
}

func (n *national) start(b *testing.B, bin, dir string, logs io.Writer) *exec.Cmd {
	cmd := exec.Command(bin, "run", "-config", filepath.Join(dir, "config.toml"))
	cmd.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return cmd
}

func stopBot(cmd *exec.Cmd) {
	if cmd.ProcessState == nil {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
}

func copyFile(b *testing.B, from, to string) {
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

// logSpan is the time between the first log line containing from and the
// first after it containing to, by the lines' time= fields.
func logSpan(logs, from, to string) (time.Duration, error) {
	var t0 time.Time
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, from) && !strings.Contains(line, to) {
			continue
		}
		_, rest, ok := strings.Cut(line, "time=")
		if !ok {
			continue
		}
		stamp, _, _ := strings.Cut(rest, " ")
		t, err := time.Parse(time.RFC3339Nano, stamp)
		if err != nil {
			return 0, fmt.Errorf("log time %q: %v", stamp, err)
		}
		switch {
		case t0.IsZero() && strings.Contains(line, from):
			t0 = t
		case !t0.IsZero() && strings.Contains(line, to):
			return t.Sub(t0), nil
		}
	}
	return 0, fmt.Errorf("no %q followed by %q in the logs", from, to)
}
