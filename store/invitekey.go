package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// InviteKeyFile is the file beside the database that holds the key
// invitation codes are hashed with. It is not in the database, so a copy
// of the database (a nightly backup that leaves the machine) does not let
// anyone test guesses of an open code against its hash: a code has only
// 40 bits, which a plain hash would give away in minutes.
const InviteKeyFile = "invite.key"

const inviteKeyLen = 32

// inviteKey is the key of one database, read (or created) on first use.
type inviteKey struct {
	mu  sync.Mutex
	key []byte
}

func (k *inviteKey) get(dir string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == nil {
		key, err := LoadInviteKey(dir)
		if err != nil {
			return nil, err
		}
		k.key = key
	}
	return k.key, nil
}

// LoadInviteKey reads the invitation key kept in dir (the folder of the
// database), creating it (mode 0600) if there is none. Two processes
// creating it at once agree on one key: the file appears whole or not
// at all, and the second one reads the first one's.
func LoadInviteKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, InviteKeyFile)
	key, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key, err = createInviteKey(dir, path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: invitation key: %w", err)
	}
	if len(key) != inviteKeyLen {
		return nil, fmt.Errorf("store: invitation key %s is %d bytes, want %d: damaged; remove it (open invitation codes stop working)", path, len(key), inviteKeyLen)
	}
	return key, nil
}

func createInviteKey(dir, path string) ([]byte, error) {
	key := make([]byte, inviteKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".invite-key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	// Link, unlike rename, never replaces a key another process made.
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return os.ReadFile(path)
	} else if err != nil {
		return nil, err
	}
	return bytes.Clone(key), nil
}

// InviteHash is what is stored of a code: HMAC-SHA-256 under key, in hex.
func InviteHash(key []byte, code string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// legacyInviteHash is what versions before the key stored: a plain
// SHA-256 of the code.
func legacyInviteHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// InviteHashIn is InviteHash with the key of the database kept in dir,
// for a process that cannot open the database (a running bot holds it).
func InviteHashIn(dir, code string) (string, error) {
	key, err := LoadInviteKey(dir)
	if err != nil {
		return "", err
	}
	return InviteHash(key, code), nil
}
