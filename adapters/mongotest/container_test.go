package mongotest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/mongodb"
)

// mongoImage is the server the container path runs. It runs as a replica
// set of one member: unlike FerretDB, that has transactions and reports a
// unique violation on update as duplicate key error 11000.
const mongoImage = "mongo:7"

// errNoDocker is the reason given when no Docker engine answers.
var errNoDocker = errors.New("no Docker engine answered")

// startMongo starts a MongoDB replica set in a container and returns its
// URI, and a function that removes the container, which is never nil. Its
// error wraps [errNoDocker] when no Docker engine answers.
func startMongo() (uri string, stop func(), err error) {
	stop = func() {}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return "", stop, fmt.Errorf("%w: %w", errNoDocker, err)
	}
	if err := p.Health(ctx); err != nil { // Health also closes p
		return "", stop, fmt.Errorf("%w: %w", errNoDocker, err)
	}
	ctr, err := mongodb.Run(ctx, mongoImage, mongodb.WithReplicaSet("rs0"))
	if ctr != nil {
		stop = func() { testcontainers.TerminateContainer(ctr) }
	}
	if err != nil {
		return "", stop, fmt.Errorf("start %s: %w", mongoImage, err)
	}
	uri, err = ctr.ConnectionString(ctx)
	if err != nil {
		return "", stop, fmt.Errorf("%s connection string: %w", mongoImage, err)
	}
	uri, err = directURI(uri)
	return uri, stop, err
}

// directURI asks the driver to talk to the mapped port only. The replica
// set names its member by the container's own address, which the host
// cannot always reach (Docker Desktop); the single member is the primary,
// so transactions still run.
func directURI(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("%s connection string: %w", mongoImage, err)
	}
	q := u.Query()
	q.Set("directConnection", "true")
	u.RawQuery = q.Encode()
	return u.String(), nil
}
