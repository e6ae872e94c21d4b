package telegramtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// BotCommand is one entry of the bot's command menu.
type BotCommand struct {
	Command     string
	Description string
}

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// maxCommands is Telegram's limit per scope and language.
const maxCommands = 100

// commandKey identifies a command list: Telegram keeps one per scope and
// language code ("" meaning all languages).
func (s *Server) commandKey(rq *request) (string, *apiError) {
	scope := "default"
	if raw := rq.p.get("scope"); raw != "" {
		var sc struct {
			Type   string `json:"type"`
			ChatID any    `json:"chat_id"`
			UserID any    `json:"user_id"`
		}
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber() // keep chat ids like -1001234567890 exact
		if err := dec.Decode(&sc); err != nil {
			return "", badRequest("can't parse scope JSON object")
		}
		scope = sc.Type
		if sc.ChatID != nil {
			chatID := fmt.Sprint(sc.ChatID)
			if _, err := s.lookupChat(chatID); err != nil {
				return "", err
			}
			scope += ":" + chatID
		}
		if sc.UserID != nil {
			scope += ":" + fmt.Sprint(sc.UserID)
		}
	}
	return scope + "|" + rq.p.get("language_code"), nil
}

func setMyCommands(s *Server, rq *request) (any, *apiError) {
	var cmds []wireBotCommand
	if err := json.Unmarshal([]byte(rq.p.get("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > maxCommands {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	out := make([]BotCommand, 0, len(cmds))
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
		out = append(out, BotCommand(c))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKey(rq)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = out
	}
	return true, nil
}

func getMyCommands(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKey(rq)
	if err != nil {
		return nil, err
	}
	out := []wireBotCommand{}
	for _, c := range s.commands[key] {
		out = append(out, wireBotCommand(c))
	}
	return out, nil
}

func deleteMyCommands(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, err := s.commandKey(rq)
	if err != nil {
		return nil, err
	}
	delete(s.commands, key)
	return true, nil
}

// Commands returns the command list set for the default scope and the
// given language code ("" for the list that applies to all languages).
func (s *Server) Commands(lang string) []BotCommand {
	return s.ScopedCommands("default", lang)
}

// ScopedCommands returns the command list of a scope, written as its type
// followed by its ids: "all_private_chats", "chat:12345",
// "chat_member:-100123:42".
func (s *Server) ScopedCommands(scope, lang string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[scope+"|"+lang])
}
