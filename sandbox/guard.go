package sandbox

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// checkOrigin refuses a state-changing request unless it is addressed to a
// loopback host (which defeats DNS rebinding) and, when the browser says
// where it comes from, comes from that same origin (which defeats other
// sites and other local pages posting to the sandbox).
func checkOrigin(r *http.Request) *problem {
	if !isLoopbackHost(r.Host) {
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
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !isLoopbackHost(u.Host) ||
		!strings.EqualFold(u.Host, r.Host) {
		return crossSite
	}
	return nil
}

// isLoopbackHost reports whether a host[:port] names this machine.
func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
