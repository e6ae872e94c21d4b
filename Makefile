# Release builds: static binaries for the office servers, the version stamped
# in (fieldbot version), and their checksums. CI does not use make.
#
#   make release                  # version from git describe
#   make release VERSION=v1.2.0

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
PLATFORMS := linux/amd64 linux/arm64

.PHONY: release
release:
	rm -rf dist && mkdir -p dist
	for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath \
	    -ldflags "-s -w -X main.version=$(VERSION) -X main.revision=$(COMMIT)" \
	    -o dist/fieldbot-$(VERSION)-$$os-$$arch ./cmd/fieldbot || exit 1; \
	done
	cp config.example.toml roster.example.csv dist/   # the starting point of an office's config (docs/deploy.md)
	cd dist && sha256sum fieldbot-* config.example.toml roster.example.csv > SHA256SUMS
	@cat dist/SHA256SUMS
