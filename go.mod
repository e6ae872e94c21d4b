module github.com/fieldbot/fieldbot

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/expr-lang/expr v1.17.8 // indirect
	github.com/go-telegram-bot-api/telegram-bot-api/v5 v5.5.1 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
