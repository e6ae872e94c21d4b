package telegramtest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Proxy is a forward proxy for tests of the proxy path (an office that
// reaches Telegram only through one). It tunnels CONNECT requests (what a
// client sends for an https:// API URL) and forwards absolute-URI requests
// (for an http:// API URL), and records what it saw without the token.
type Proxy struct {
	ts *httptest.Server

	mu     sync.Mutex
	seen   []string
	routes map[string]string
}

// NewProxy starts a proxy on a random 127.0.0.1 port.
func NewProxy() *Proxy {
	p := &Proxy{routes: map[string]string{}}
	p.ts = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// URL is the proxy's address, for http.ProxyURL or HTTPS_PROXY.
func (p *Proxy) URL() *url.URL {
	u, _ := url.Parse(p.ts.URL)
	return u
}

// Close stops the proxy.
func (p *Proxy) Close() { p.ts.Close() }

// Route makes the proxy connect to addr when asked for host (host:port),
// as a name server would: the client never resolves a host it reaches
// through a proxy, so a test may use a real-looking name (which
// HTTPS_PROXY applies to, unlike 127.0.0.1) for a server on loopback.
func (p *Proxy) Route(host, addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.routes[host] = addr
}

// Seen returns what went through the proxy, oldest first: "CONNECT
// host:port" for a tunnel, or the method and the Bot API method name
// ("POST getMe") for a forwarded request.
func (p *Proxy) Seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

func (p *Proxy) record(s string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, s)
	if addr, ok := p.routes[s[strings.LastIndex(s, " ")+1:]]; ok {
		return addr
	}
	return ""
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		addr := p.record("CONNECT " + r.Host)
		if addr == "" {
			addr = r.Host
		}
		p.tunnel(w, addr)
		return
	}
	if !r.URL.IsAbs() {
		http.Error(w, "not a proxy request", http.StatusBadRequest)
		return
	}
	p.record(r.Method + " " + r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:])
	out := r.Clone(r.Context())
	out.RequestURI = ""
	if addr := p.routeOf(r.URL.Host); addr != "" {
		out.URL.Host = addr
	}
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

func (p *Proxy) routeOf(host string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.routes[host]
}

func (p *Proxy) tunnel(w http.ResponseWriter, addr string) {
	server, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		server.Close()
		http.Error(w, "no hijacking", http.StatusInternalServerError)
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		server.Close()
		return
	}
	_, _ = client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() {
		_, _ = io.Copy(server, buf) // what the client sent after CONNECT, then the rest
		server.Close()
	}()
	_, _ = io.Copy(client, server)
	client.Close()
}
