package sandbox

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// checkOrigin refuses a state-changing request unless it is addressed to a
// host that DNS cannot rebind — a literal IP address, v4 or v6, on any
// port (127.0.0.1:8080, or 192.168.1.20:8080 for phones on the office's
// network), or a loopback name (localhost) — and, when the browser says
// where it comes from, comes from that same scheme and host. The first
// defeats DNS rebinding, which needs a host name; the second defeats
// other sites, and other pages of the same machine or network, posting to
// the sandbox.
func checkOrigin(r *http.Request) *problem {
	if !fixedHost(r.Host) {
		return &problem{http.StatusForbidden, "sandbox.err_host", nil}
	}
	crossSite := &problem{http.StatusForbidden, "sandbox.err_cross_site", nil}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return crossSite
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil // not from a browser page, or a same-origin GET-like request
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u, err := url.Parse(origin)
	if err != nil || !strings.EqualFold(u.Scheme, scheme) || !strings.EqualFold(u.Host, r.Host) {
		return crossSite
	}
	return nil
}

// fixedHost reports whether a host[:port] is a literal IP address or a
// loopback name (localhost, *.localhost, which browsers resolve
// themselves): names whose address no DNS server can change.
func fixedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}
