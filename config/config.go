// Package config loads config.toml and the roster CSV it names, checks
// everything an administrator can get wrong, and reports every problem at
// once with its key or line.
package config

import (
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

// Config is a loaded, validated configuration.
type Config struct {
	Path       string // absolute path of the config file
	DataDir    string // absolute
	Timezone   string
	Calendar   fieldbot.Calendar
	Language   string // "vi" or "en"
	RosterPath string // absolute
	// IdleTimeout is how long a half-filled form waits for the next answer.
	IdleTimeout time.Duration
	Telegram    Telegram
	Zalo        Zalo
	HTTP        HTTP
	Tree        *fieldbot.Tree
	Roster      *fieldbot.Roster
	Forms       []fieldbot.Form
	Indicators  []fieldbot.Indicator
	Targets     []fieldbot.Target
	Digest      Digest
	Reminders   Reminders
	// Holidays are days without reminders ("2006-01-02", [calendar] holidays).
	Holidays map[string]bool
	// Checks are the forms' compiled checks, in the order of Form.Checks.
	Checks map[string][]*rules.Expr
	// Formulas are each indicator's compiled numerator and denominator.
	Formulas map[string][2]*rules.Expr
	Log      Log
}

// Log is the [log] table.
type Log struct {
	// Format is "text" (key=value lines, the default) or "json" (one
	// JSON object per line, for a log collector).
	Format string
}

// Telegram is the [telegram] table.
type Telegram struct {
	Token  string // FIELDBOT_TELEGRAM_TOKEN overrides
	APIURL string
	// Mode is "polling" (the default: fieldbot asks with getUpdates and
	// needs nothing inbound) or "webhook" (Telegram posts to WebhookURL,
	// served on WebhookListen, checked against WebhookSecret).
	Mode                                     string
	WebhookListen, WebhookURL, WebhookSecret string
	// Proxy is the proxy for every call to the Bot API, "" for the
	// environment's (HTTPS_PROXY, NO_PROXY).
	Proxy string
}

// Zalo is the [zalo] table: the Zalo Bot Platform channel, off without a token.
type Zalo struct {
	Token  string // FIELDBOT_ZALO_TOKEN overrides
	APIURL string
	// Mode is "webhook" (production: Zalo posts to WebhookURL, served on
	// WebhookListen, checked against WebhookSecret) or "polling".
	Mode                                     string
	WebhookListen, WebhookURL, WebhookSecret string
	// PublicURL is where Zalo and people can fetch charts and spreadsheets
	// (the webhook server serves them); "" sends text only.
	PublicURL string
	// Proxy is the proxy for every call to Zalo's API, "" for the
	// environment's (HTTPS_PROXY, NO_PROXY).
	Proxy string
}

// HTTP is the [http] table.
type HTTP struct{ Listen string }

// Digest is the [digest] table.
type Digest struct {
	Schedule string
	Chats    []int64
	// Excel attaches a spreadsheet of the period's figures.
	Excel bool
	// Grace is how late a run missed while fieldbot was down is still made
	// up at start-up (default 12h).
	Grace time.Duration
}

// Reminders is the [reminders] table.
type Reminders struct {
	Schedule string
	// Escalate, if set, is when leaders are told who in their subtree has
	// still not reported.
	Escalate string
}

// Form returns the form with the given id.
func (c *Config) Form(id string) (*fieldbot.Form, bool) {
	for i := range c.Forms {
		if c.Forms[i].ID == id {
			return &c.Forms[i], true
		}
	}
	return nil, false
}
