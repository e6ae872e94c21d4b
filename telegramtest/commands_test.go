package telegramtest

import (
	"reflect"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSetMyCommandsWithLanguage(t *testing.T) {
	srv, bot := newBot(t)
	vi := []tgbotapi.BotCommand{{Command: "start", Description: "Bắt đầu"}, {Command: "status", Description: "Tình hình"}}
	cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), "vi", vi...)
	if _, err := bot.Request(cfg); err != nil {
		t.Fatalf("setMyCommands: %v", err)
	}
	want := []BotCommand{{"start", "Bắt đầu"}, {"status", "Tình hình"}}
	if got := srv.Commands("vi"); !reflect.DeepEqual(got, want) {
		t.Fatalf("Commands(vi) = %+v", got)
	}
	if got := srv.Commands(""); len(got) != 0 {
		t.Fatalf("Commands(\"\") = %+v", got)
	}
	got, err := bot.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), "vi"))
	if err != nil || len(got) != 2 || got[1].Command != "status" {
		t.Fatalf("getMyCommands: %+v %v", got, err)
	}

	srv.AddUser(alice)
	scoped := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(alice.ID), tgbotapi.BotCommand{Command: "admin", Description: "Quản trị"})
	if _, err := bot.Request(scoped); err != nil {
		t.Fatal(err)
	}
	if got := srv.ScopedCommands("chat:1001", ""); len(got) != 1 {
		t.Fatalf("scoped = %+v", got)
	}
	noRejections(t, srv)

	bad := []struct {
		cmd  tgbotapi.BotCommand
		want string
	}{
		{tgbotapi.BotCommand{Command: "Start", Description: "x"}, "BOT_COMMAND_INVALID"},
		{tgbotapi.BotCommand{Command: "/start", Description: "x"}, "BOT_COMMAND_INVALID"},
		{tgbotapi.BotCommand{Command: strings.Repeat("a", 33), Description: "x"}, "BOT_COMMAND_INVALID"},
		{tgbotapi.BotCommand{Command: "start", Description: ""}, "BOT_COMMAND_DESCRIPTION_INVALID"},
		{tgbotapi.BotCommand{Command: "start", Description: strings.Repeat("d", 257)}, "BOT_COMMAND_DESCRIPTION_INVALID"},
	}
	for _, tc := range bad {
		_, err := bot.Request(tgbotapi.NewSetMyCommands(tc.cmd))
		wantRejected(t, err, tc.want)
	}
	_, err = bot.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(999), vi...))
	wantRejected(t, err, "chat not found")
	_, err = bot.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.BotCommandScope{Type: "everyone"}, vi...))
	wantRejected(t, err, "scope")
	if got := srv.Commands("vi"); len(got) != 2 {
		t.Fatalf("bad calls changed the commands: %+v", got)
	}
}
