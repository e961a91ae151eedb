// Package mongo is a Kernia storage adapter for MongoDB, built on the
// official driver go.mongodb.org/mongo-driver/v2.
//
// Records are stored the way Better Auth's MongoDB adapter stores them, so
// that one database can serve both: a collection per table, a field per
// column, the id under _id, and ids and references to ids as ObjectIds when
// they are 24-character lower-case hex strings (as [NewObjectID] makes), as
// BSON UUIDs (binary subtype 4) under [storage.IDUUID], and as plain
// strings otherwise. Kernia's default 32-character ids are therefore stored
// as strings; set storage.Options.GenerateID to [GenerateID] to store
// ObjectIds, as Better Auth does by default.
//
// Transactions need a replica set or a sharded cluster; on a standalone
// server the adapter reports that it has none and [Adapter.Transaction]
// returns an error wrapping [storage.ErrNoTransactions].
package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/kernia-go/kernia/core/storage"
)

// Options configure an [Adapter]. The zero value works with
// [storage.BaseSchema].
type Options struct {
	// Schema must be the schema given to storage.New (nil means
	// storage.BaseSchema()): the adapter reads it to learn which fields
	// hold ids and which unique fields pin a single record.
	Schema *storage.Schema
	// StringIDs stores every id as the string it is, never as an ObjectId
	// or UUID, as Better Auth does when given its own id generator.
	StringIDs bool
	// NoTransactions turns transactions off even where the server has
	// them, as Better Auth's transaction:false does.
	NoTransactions bool
	// Logger receives debug events; nil means quiet.
	Logger *slog.Logger
}

// Adapter stores Kernia records in a MongoDB database. It implements
// [storage.Adapter], [storage.Transactor], [storage.OneConsumer] and
// [storage.Migrator]. An Adapter is safe for concurrent use, except one
// bound to a transaction (the one [Adapter.Transaction] hands its
// function), which must be used by one goroutine at a time.
type Adapter struct {
	db     *mongo.Database
	caps   storage.Capabilities
	tables map[string]*table
	ids    idCodec
	log    *slog.Logger
	// sess is set on adapters bound to a transaction.
	sess *mongo.Session
}

var (
	_ storage.Adapter     = (*Adapter)(nil)
	_ storage.Transactor  = (*Adapter)(nil)
	_ storage.OneConsumer = (*Adapter)(nil)
	_ storage.Migrator    = (*Adapter)(nil)
)

// New returns an adapter on db. It asks the server whether it can run
// transactions (a replica set or a sharded cluster can), so ctx bounds one
// round trip.
func New(ctx context.Context, db *mongo.Database, opts Options) (*Adapter, error) {
	if db == nil {
		return nil, fmt.Errorf("mongo: nil database")
	}
	s := opts.Schema
	if s == nil {
		s = storage.BaseSchema()
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("mongo: %w", err)
	}
	if s.IDType == storage.IDSerial {
		return nil, fmt.Errorf("mongo: serial ids are not supported")
	}
	tx := false
	if !opts.NoTransactions {
		var err error
		if tx, err = supportsTransactions(ctx, db); err != nil {
			return nil, err
		}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{
		db:     db,
		tables: tablesOf(s),
		ids:    idCodec{uuid: s.IDType == storage.IDUUID, plain: opts.StringIDs},
		log:    log,
		caps: storage.Capabilities{
			Name: "mongo", Arrays: true, Dates: true, Booleans: true, Joins: true,
			Transactions: tx,
		},
	}
	return a, nil
}

// helloReply is the part of the hello reply that tells the deployment.
type helloReply struct {
	SetName        string `bson:"setName"`
	Msg            string `bson:"msg"`
	MaxWireVersion int32  `bson:"maxWireVersion"`
}

// supportsTransactions asks the server for its hello reply.
func supportsTransactions(ctx context.Context, db *mongo.Database) (bool, error) {
	var hello helloReply
	admin := db.Client().Database("admin")
	err := admin.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello)
	var ce mongo.CommandError
	if errors.As(err, &ce) && ce.Code == codeCommandNotFound {
		// Servers older than 4.4.2 answer the same under its old name.
		err = admin.RunCommand(ctx, bson.D{{Key: "isMaster", Value: 1}}).Decode(&hello)
	}
	if err != nil {
		return false, fmt.Errorf("mongo: hello: %w", err)
	}
	return hello.transactions(), nil
}

// transactions reports whether the deployment runs transactions:
// replica-set members report a setName and mongos routers the message
// "isdbgrid". A standalone server, and FerretDB, report neither.
func (h helloReply) transactions() bool {
	// Wire version 7 is MongoDB 4.0, the first with replica-set
	// transactions; 8 is 4.2, the first with sharded ones.
	switch {
	case h.SetName != "":
		return h.MaxWireVersion >= 7
	case h.Msg == "isdbgrid":
		return h.MaxWireVersion >= 8
	}
	return false
}

// codeCommandNotFound is the server's answer to an unknown command.
const codeCommandNotFound = 59

// Capabilities reports what MongoDB stores natively. JSON values arrive as
// encoded strings, as Better Auth's adapter stores them; joins are served
// by the adapter itself.
func (a *Adapter) Capabilities() storage.Capabilities { return a.caps }

// Database returns the database the adapter writes to.
func (a *Adapter) Database() *mongo.Database { return a.db }

// coll returns the collection of a table, and the table's description
// (nil for a table the schema does not know: its ids are left as they are).
func (a *Adapter) coll(name string) (*mongo.Collection, *table) {
	return a.db.Collection(name), a.tables[name]
}

// ctx binds ctx to the adapter's transaction, if any, so that callers may
// pass any context they hold.
func (a *Adapter) ctx(ctx context.Context) context.Context {
	if a.sess == nil {
		return ctx
	}
	return mongo.NewSessionContext(ctx, a.sess)
}
