package config

// file mirrors config.toml. Pointers tell "absent" from zero where the
// default differs from the zero value.
type file struct {
	DataDir     string `toml:"data_dir"`
	Timezone    string `toml:"timezone"`
	Language    string `toml:"language"`
	YearStart   string `toml:"year_start"`
	Roster      string `toml:"roster"`
	IdleTimeout string `toml:"idle_timeout"`
	Telegram    struct {
		Token  string `toml:"token"`
		APIURL string `toml:"api_url"`
	} `toml:"telegram"`
	HTTP struct {
		Listen string `toml:"listen"`
	} `toml:"http"`
	Units []struct {
		ID     string `toml:"id"`
		Name   string `toml:"name"`
		Parent string `toml:"parent"`
	} `toml:"units"`
	Forms      []formFile `toml:"forms"`
	Indicators []struct {
		ID          string `toml:"id"`
		Label       string `toml:"label"`
		Form        string `toml:"form"`
		Numerator   string `toml:"numerator"`
		Denominator string `toml:"denominator"`
	} `toml:"indicators"`
	Targets []struct {
		Indicator  string             `toml:"indicator"`
		Unit       string             `toml:"unit"`
		Year       int                `toml:"year"`
		Value      *float64           `toml:"value"`
		Milestones map[string]float64 `toml:"milestones"`
	} `toml:"targets"`
	Digest struct {
		Schedule string  `toml:"schedule"`
		Chats    []int64 `toml:"chats"`
	} `toml:"digest"`
	Reminders struct {
		Schedule string `toml:"schedule"`
	} `toml:"reminders"`
}

type formFile struct {
	ID         string      `toml:"id"`
	Title      string      `toml:"title"`
	Period     string      `toml:"period"`
	CloseAfter string      `toml:"close_after"`
	JumpFactor float64     `toml:"jump_factor"`
	Fields     []fieldFile `toml:"fields"`
	Checks     []struct {
		Rule    string `toml:"rule"`
		Message string `toml:"message"`
	} `toml:"checks"`
}

type fieldFile struct {
	ID        string   `toml:"id"`
	Label     string   `toml:"label"`
	Type      string   `toml:"type"`
	Aggregate string   `toml:"aggregate"`
	Min       *float64 `toml:"min"`
	Max       *float64 `toml:"max"`
	Required  *bool    `toml:"required"`
	Help      string   `toml:"help"`
	Options   []string `toml:"options"`
	Alias     string   `toml:"alias"`
}
