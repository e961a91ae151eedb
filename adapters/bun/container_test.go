package bun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/kernia-go/kernia/adapters/bun/buntest"
)

// containers starts at most one database server of each kind per test
// binary, when its URL variable is unset and a Docker engine answers, and
// stops them when the tests end.
type containers struct {
	mu      sync.Mutex
	urls    map[string]string // by variable name
	failed  map[string]error
	running []testcontainers.Container
}

var servers = &containers{urls: map[string]string{}, failed: map[string]error{}}

func TestMain(m *testing.M) {
	code := m.Run()
	servers.stop()
	os.Exit(code)
}

// errNoDocker is the reason given when no Docker engine answers; the
// engine's own error is logged.
var errNoDocker = errors.New("no Docker engine answered")

// startContainer returns the URL of a server started for env, or why
// none can be started. It is [buntest.Servers.Start] for these tests.
func startContainer(t testing.TB, env string) (string, error) {
	t.Helper()
	servers.mu.Lock()
	defer servers.mu.Unlock()
	if u, ok := servers.urls[env]; ok {
		return u, nil
	}
	err, ok := servers.failed[env]
	if !ok {
		var u string
		if u, err = servers.start(env); err == nil {
			servers.urls[env] = u
			return u, nil
		}
		servers.failed[env] = err
	}
	t.Logf("%s: no container: %v", env, err)
	if errors.Is(err, errNoDocker) {
		return "", errNoDocker
	}
	return "", fmt.Errorf("no container started: %w", err)
}

type serverSpec struct {
	image, port string
	env         map[string]string
	ready       string // log line printed twice: by the init server and the real one
	url         func(hostPort string) string
}

var specs = map[string]serverSpec{
	buntest.EnvPostgres: {
		image: "postgres:16-alpine", port: "5432/tcp",
		env:   map[string]string{"POSTGRES_HOST_AUTH_METHOD": "trust", "POSTGRES_DB": "kernia_ci"},
		ready: "database system is ready to accept connections",
		url: func(hp string) string {
			return "postgres://postgres@" + hp + "/kernia_ci?sslmode=disable"
		},
	},
	buntest.EnvMySQL: {
		image: "mariadb:10.11", port: "3306/tcp",
		env: map[string]string{
			"MARIADB_ALLOW_EMPTY_ROOT_PASSWORD": "1", "MARIADB_DATABASE": "kernia_ci",
		},
		ready: "ready for connections",
		url:   func(hp string) string { return "root@tcp(" + hp + ")/kernia_ci?parseTime=true" },
	},
}

func (c *containers) start(env string) (string, error) {
	spec, ok := specs[env]
	if !ok {
		return "", fmt.Errorf("no image for %s", env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return "", fmt.Errorf("%w: %w", errNoDocker, err)
	}
	if err := p.Health(ctx); err != nil { // Health also closes p
		return "", fmt.Errorf("%w: %w", errNoDocker, err)
	}
	ctr, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image: spec.image, Env: spec.env, ExposedPorts: []string{spec.port},
			WaitingFor: wait.ForAll(
				wait.ForLog(spec.ready).WithOccurrence(2).WithStartupTimeout(3*time.Minute),
				wait.ForListeningPort(spec.port),
			),
		},
		Started: true,
	})
	if ctr != nil {
		c.running = append(c.running, ctr)
	}
	if err != nil {
		return "", err
	}
	hostPort, err := ctr.PortEndpoint(ctx, spec.port, "")
	if err != nil {
		return "", err
	}
	return spec.url(hostPort), nil
}

func (c *containers) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ctr := range c.running {
		testcontainers.TerminateContainer(ctr)
	}
	c.running = nil
}
