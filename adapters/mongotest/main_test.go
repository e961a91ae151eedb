package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	uri := os.Getenv(envURL)
	if uri == "" {
		// TODO(adapters/mongotest): start a MongoDB replica set with
		// testcontainers-go when a Docker engine is reachable, so that
		// transactions run too. No Docker engine is available where this
		// was written, and the embedded FerretDB needs nothing.
		dir, err := os.MkdirTemp("", "kernia-ferretdb-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		f, err := StartFerretDB(dir, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Stop()
		uri = f.URI
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
	dropRunDatabases(ctx)
	return code
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
