package devserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestEnvOr(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"unset", "", "fallback"},
		{"set", "from-env", "from-env"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DEVSERVER_TEST_VAR", tt.value)
			if got := EnvOr("DEVSERVER_TEST_VAR", "fallback"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// closingHandler answers "ok" and records when it is closed.
type closingHandler struct{ closed atomic.Bool }

func (h *closingHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	io.WriteString(w, "ok")
}

func (h *closingHandler) Close() error {
	h.closed.Store(true)
	return nil
}

// started is a server that [start] runs: the URL it printed, the Env its
// Build got, and what Run returned once it has.
type started struct {
	url  string
	env  chan Env
	done chan error
}

// start runs Run in the background with opts and h, and waits for the
// line with the URL.
func start(ctx context.Context, t *testing.T, opts Options, h http.Handler) started {
	t.Helper()
	pr, pw := io.Pipe()
	s := started{env: make(chan Env, 1), done: make(chan error, 1)}
	build := func(_ context.Context, env Env) (http.Handler, error) {
		s.env <- env
		return h, nil
	}
	go func() {
		opts.Name, opts.Stdout = "test", pw
		s.done <- Run(ctx, opts, build)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v (Run returned %v)", err, <-s.done)
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`^Kernia test running at (\S+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("got line %q, want \"Kernia test running at <URL>\"", line)
	}
	s.url = m[1]
	return s
}

// wait returns what Run returned, failing after a few seconds.
func (s started) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the stop")
		return nil
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func TestRunServesUntilCancelled(t *testing.T) {
	t.Setenv("KERNIA_SECRET", "a-secret-from-the-environment-0123456789")
	t.Setenv("KERNIA_BASE_URL", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &closingHandler{}
	s := start(ctx, t, Options{Args: []string{"-addr", "127.0.0.1:0"}}, h)

	env := <-s.env
	if env.BaseURL != s.url || !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		t.Errorf("got base URL %q and printed %q, want the same http://127.0.0.1:<port>",
			env.BaseURL, s.url)
	}
	if env.Secret != "a-secret-from-the-environment-0123456789" {
		t.Errorf("got secret %q, want KERNIA_SECRET", env.Secret)
	}
	if env.Logger == nil {
		t.Error("got a nil logger, want a quiet one")
	}
	if got := get(t, s.url); got != "ok" {
		t.Errorf("got body %q, want %q", got, "ok")
	}
	if h.closed.Load() {
		t.Error("handler closed while serving, want it open")
	}

	cancel()
	if err := s.wait(t); err != nil {
		t.Errorf("got %v after the stop, want nil", err)
	}
	if !h.closed.Load() {
		t.Error("handler not closed after the shutdown, want closed")
	}
	if _, err := http.Get(s.url); err == nil {
		t.Error("the server still answers after the shutdown")
	}
}

func TestRunStopsOnSIGTERM(t *testing.T) {
	opts := Options{Args: []string{"-addr", "127.0.0.1:0"}}
	s := start(context.Background(), t, opts, http.NotFoundHandler())
	<-s.env
	// Run listens for the signal before it builds the handler, and the URL
	// is printed after that, so the signal cannot reach the default action.
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := s.wait(t); err != nil {
		t.Errorf("got %v after SIGTERM, want nil", err)
	}
}

func TestRunSettings(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantURL    string
		wantRandom bool // a random secret, with a warning
	}{
		{
			name:       "random secret",
			env:        map[string]string{"KERNIA_SECRET": ""},
			args:       []string{"-addr", "127.0.0.1:0"},
			wantRandom: true,
		},
		{
			name: "base URL from the flag",
			env: map[string]string{
				"KERNIA_BASE_URL": "http://env.test",
				"KERNIA_SECRET":   "a-secret-from-the-environment-0123456789",
			},
			args:    []string{"-addr", "127.0.0.1:0", "-base-url", "https://flag.test"},
			wantURL: "https://flag.test",
		},
		{
			name: "base URL and address from the environment",
			env: map[string]string{
				"KERNIA_BASE_URL": "http://env.test", "KERNIA_ADDR": "127.0.0.1:0",
				"KERNIA_SECRET": "a-secret-from-the-environment-0123456789",
			},
			wantURL: "http://env.test",
		},
	}
	hexSecret := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var logs bytes.Buffer
			opts := Options{Args: tt.args, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithCancel(context.Background())
			s := start(ctx, t, opts, http.NotFoundHandler())
			env := <-s.env
			cancel()
			if err := s.wait(t); err != nil {
				t.Fatalf("got %v after the stop, want nil", err)
			}
			if tt.wantURL != "" && (env.BaseURL != tt.wantURL || s.url != tt.wantURL) {
				t.Errorf("got base URL %q, printed %q, want %q", env.BaseURL, s.url, tt.wantURL)
			}
			if tt.wantRandom && !hexSecret.MatchString(env.Secret) {
				t.Errorf("got secret %q, want 64 random hex digits", env.Secret)
			}
			warned := strings.Contains(logs.String(), "KERNIA_SECRET is not set")
			if warned != tt.wantRandom {
				t.Errorf("got warning %t in logs %q, want %t", warned, logs.String(), tt.wantRandom)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	errBuild := errors.New("build failed")
	failBuild := func(context.Context, Env) (http.Handler, error) { return nil, errBuild }
	tests := []struct {
		name  string
		args  []string
		build Build
		want  func(error) bool
	}{
		{
			name:  "unknown flag",
			args:  []string{"-nope"},
			build: failBuild,
			want:  func(err error) bool { return strings.Contains(err.Error(), "-nope") },
		},
		{
			name:  "bad address",
			args:  []string{"-addr", "not an address"},
			build: failBuild,
			want:  func(err error) bool { return strings.Contains(err.Error(), "listen") },
		},
		{
			name:  "build fails",
			args:  []string{"-addr", "127.0.0.1:0"},
			build: failBuild,
			want:  func(err error) bool { return errors.Is(err, errBuild) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			err := Run(context.Background(), Options{Flags: fs, Args: tt.args}, tt.build)
			if err == nil || !tt.want(err) {
				t.Errorf("got %v, want the %s error", err, tt.name)
			}
		})
	}
}

func TestRunClosesListenerWhenBuildFails(t *testing.T) {
	var url string
	build := func(_ context.Context, env Env) (http.Handler, error) {
		url = env.BaseURL
		return nil, errors.New("build failed")
	}
	opts := Options{Args: []string{"-addr", "127.0.0.1:0"}}
	if err := Run(context.Background(), opts, build); err == nil {
		t.Fatal("got nil, want the build error")
	}
	if res, err := http.Get(url); err == nil {
		res.Body.Close()
		t.Errorf("got %s from %s, want the listener closed", res.Status, url)
	}
}
