package invitedrop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// The running bot holds the database lock, so what `fieldbot invite` needs
// to know of it travels through a file too: the bot's Telegram @name, which
// makes an invitation's t.me link, in data_dir/telegram-username beside the
// drop folder (which holds invitations only, and is empty once they are
// imported). The bot writes it at every start (it learns it from getMe,
// and a new token may be a new bot); the command reads it whether the bot
// runs or not.

// telegramName is the file that holds the bot's Telegram username.
const telegramName = "telegram-username"

// usernameRE is what Telegram allows in a bot's username.
var usernameRE = regexp.MustCompile(`^[A-Za-z0-9_]{5,32}$`)

// SaveTelegramUsername records the running bot's Telegram username in
// dataDir, where its database is. The file appears whole or not at all.
func SaveTelegramUsername(dataDir, name string) error {
	if !usernameRE.MatchString(name) {
		return fmt.Errorf("invitedrop: %q is not a Telegram username", name)
	}
	return writeFile(dataDir, ".telegram-username-*", telegramName, []byte(name+"\n"))
}

// TelegramUsername is the username the bot last recorded in dataDir: ""
// with no error if it never did (it has not run with a Telegram token
// yet), an error if the file is not a username.
func TelegramUsername(dataDir string) (string, error) {
	data, err := readFile(filepath.Join(dataDir, telegramName))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(data))
	if !usernameRE.MatchString(name) {
		return "", fmt.Errorf("%s does not hold a Telegram username", filepath.Join(dataDir, telegramName))
	}
	return name, nil
}
