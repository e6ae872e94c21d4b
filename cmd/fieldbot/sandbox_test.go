package main

import (
	"net"
	"net/url"
	"testing"
)

func TestLanURLs(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "192.168.1.20:8080", "nonsense"} {
		if got := lanURLs(addr); got != nil {
			t.Errorf("lanURLs(%q) = %v; want none: the page listens on one address", addr, got)
		}
	}
	for _, addr := range []string{"0.0.0.0:8080", "[::]:8080", ":8080"} {
		for _, u := range lanURLs(addr) {
			p, err := url.Parse(u)
			if err != nil || p.Scheme != "http" || p.Port() != "8080" {
				t.Errorf("lanURLs(%q) has %q", addr, u)
				continue
			}
			if ip := net.ParseIP(p.Hostname()); ip == nil || ip.To4() == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
				t.Errorf("lanURLs(%q) has %q, not a LAN IPv4 address", addr, u)
			}
		}
	}
}

func TestPageHost(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:8080": "127.0.0.1:8080", "[::]:8080": "127.0.0.1:8080", "192.168.1.20:8080": "192.168.1.20:8080",
		"[fd00::1]:80": "[fd00::1]:80",
	} {
		if got := pageHost(addr); got != want {
			t.Errorf("pageHost(%q) = %q, want %q", addr, got, want)
		}
	}
}
