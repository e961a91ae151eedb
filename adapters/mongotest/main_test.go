package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// envURL points the tests at a MongoDB server instead of the embedded
// FerretDB. Each run works in databases of its own and drops them at the
// end.
const envURL = "KERNIA_TEST_MONGO_URL"

// server is the backend the package's tests share, set up by TestMain.
type server struct {
	client *mongo.Client
	// ferret is true when the server is FerretDB, embedded or not.
	ferret bool
	// run prefixes the names of the databases this run makes.
	run string
}

// srv is written once by TestMain before any test runs.
var srv server

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	uri, stop, err := serverURI()
	defer stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		fmt.Fprintf(os.Stderr, "mongotest: connect: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	defer c.Disconnect(context.Background())
	var info bson.Raw
	err = c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info)
	if err != nil {
		fmt.Fprintf(os.Stderr, "mongotest: buildInfo: %v\n", err)
		return 1
	}
	_, isFerret := info.Lookup("ferretdbVersion").StringValueOK()
	srv = server{client: c, ferret: isFerret, run: randomHex(3)}
	code := m.Run()
	// The run can outlast the first context; cleaning up gets its own.
	dropCtx, dropCancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer dropCancel()
	dropRunDatabases(dropCtx)
	return code
}

// serverURI returns the URI of the server to test against, and a function
// that stops what it started, which is never nil: the server that [envURL]
// names, else a MongoDB container when a Docker engine answers, else an
// embedded FerretDB. A container that fails to start on a Docker engine
// that answers fails the run under CI=true, where a missing service is an
// error; elsewhere the tests fall back to FerretDB and say why.
func serverURI() (string, func(), error) {
	if uri := os.Getenv(envURL); uri != "" {
		return uri, func() {}, nil
	}
	uri, stop, err := startMongo()
	if err == nil {
		return uri, stop, nil
	}
	stop()
	if !errors.Is(err, errNoDocker) {
		if os.Getenv("CI") == "true" {
			return "", func() {}, fmt.Errorf("mongotest: %s is not set, %w, and CI=true",
				envURL, err)
		}
		fmt.Fprintf(os.Stderr, "mongotest: %s is not set and %v; using the embedded FerretDB\n",
			envURL, err)
	}
	return startEmbedded()
}

// startEmbedded starts FerretDB in this process, with its SQLite files in
// a temporary directory that the returned function removes.
func startEmbedded() (string, func(), error) {
	dir, err := os.MkdirTemp("", "kernia-ferretdb-")
	if err != nil {
		return "", func() {}, err
	}
	f, err := StartFerretDB(dir, nil)
	if err != nil {
		os.RemoveAll(dir)
		return "", func() {}, err
	}
	return f.URI, func() {
		f.Stop()
		os.RemoveAll(dir)
	}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// database returns a database of this run named after key.
func database(key string) *mongo.Database {
	return srv.client.Database("kernia_" + srv.run + "_" + key)
}

func dropRunDatabases(ctx context.Context) {
	prefix := "kernia_" + srv.run + "_"
	names, err := srv.client.ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		return
	}
	for _, n := range names {
		if len(n) > len(prefix) && n[:len(prefix)] == prefix {
			srv.client.Database(n).Drop(ctx)
		}
	}
}
