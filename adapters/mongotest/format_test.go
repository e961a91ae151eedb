package mongotest

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/adapters/mongo"
	"github.com/kernia-go/kernia/core/storage"
)

// TestStoredIDs checks how ids and references are stored under each id
// strategy, and that they read back as the strings they were.
func TestStoredIDs(t *testing.T) {
	uuidSchema := storage.BaseSchema()
	uuidSchema.IDType = storage.IDUUID
	tests := []struct {
		name   string
		schema *storage.Schema
		opts   func(*storage.Options)
		want   bson.Type
	}{
		{"default ids are strings", nil, nil, bson.TypeString},
		{"ObjectId ids", nil, func(o *storage.Options) { o.GenerateID = mongo.GenerateID },
			bson.TypeObjectID},
		{"uuid ids", uuidSchema, nil, bson.TypeBinary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.schema, tc.opts)
			u := e.user(t, "a", "a@x.io")
			s := e.create(t, "session", storage.Record{"userId": u["id"], "token": "t1",
				"expiresAt": time.Now().Add(time.Hour)})
			ctx := t.Context()
			uraw, err := e.raw.Collection("user").FindOne(ctx, bson.D{}).Raw()
			if err != nil {
				t.Fatal(err)
			}
			sraw, err := e.raw.Collection("session").FindOne(ctx, bson.D{}).Raw()
			if err != nil {
				t.Fatal(err)
			}
			if got := uraw.Lookup("_id").Type; got != tc.want {
				t.Errorf("user _id: got BSON %s, want %s", got, tc.want)
			}
			if got := sraw.Lookup("userId").Type; got != tc.want {
				t.Errorf("session userId: got BSON %s, want %s", got, tc.want)
			}
			if _, err := uraw.LookupErr("id"); err == nil {
				t.Errorf("user has an id field besides _id")
			}
			got, err := e.db.FindOne(ctx, storage.FindQuery{Model: "user",
				Where: []storage.Where{storage.Eq("id", u["id"])},
				Join:  []storage.JoinRequest{{Model: "session"}}})
			if err != nil || got == nil {
				t.Fatalf("find user: %v, %v", got, err)
			}
			sessions, _ := got["session"].([]storage.Record)
			if got["id"] != u["id"] || len(sessions) != 1 || sessions[0]["id"] != s["id"] ||
				sessions[0]["userId"] != u["id"] {
				t.Errorf("got %v, want user %v with session %v", got, u["id"], s["id"])
			}
		})
	}
}

// TestReadsBetterAuthDocuments writes documents the way Better Auth's
// MongoDB adapter does (ObjectIds, explicit nulls; plain-string ids when
// given its own generator) and works with them through the DB.
func TestReadsBetterAuthDocuments(t *testing.T) {
	e := newEnv(t, nil, nil)
	ctx := t.Context()
	uid, sid := bson.NewObjectID(), bson.NewObjectID()
	now := time.Now().UTC().Truncate(time.Millisecond)
	strID := bson.NewObjectID().Hex()
	docs := []struct {
		coll string
		doc  bson.D
	}{
		{"user", bson.D{{Key: "_id", Value: uid}, {Key: "name", Value: "Ada"},
			{Key: "email", Value: "ada@x.io"}, {Key: "emailVerified", Value: false},
			{Key: "image", Value: nil}, {Key: "createdAt", Value: now}, {Key: "updatedAt", Value: now}}},
		{"session", bson.D{{Key: "_id", Value: sid}, {Key: "userId", Value: uid},
			{Key: "token", Value: "tok"}, {Key: "expiresAt", Value: now.Add(time.Hour)},
			{Key: "createdAt", Value: now}, {Key: "updatedAt", Value: now},
			{Key: "ipAddress", Value: nil}, {Key: "userAgent", Value: nil}}},
		{"user", bson.D{{Key: "_id", Value: strID}, {Key: "name", Value: "Bob"},
			{Key: "email", Value: "bob@x.io"}, {Key: "emailVerified", Value: true},
			{Key: "createdAt", Value: now}, {Key: "updatedAt", Value: now}}},
	}
	for _, d := range docs {
		if _, err := e.raw.Collection(d.coll).InsertOne(ctx, d.doc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.db.FindOne(ctx, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", uid.Hex())},
		Join:  []storage.JoinRequest{{Model: "session"}}})
	if err != nil || got == nil {
		t.Fatalf("find Ada: %v, %v", got, err)
	}
	want := storage.Record{"id": uid.Hex(), "name": "Ada", "email": "ada@x.io",
		"emailVerified": false, "image": nil, "createdAt": now, "updatedAt": now}
	sessions, _ := got["session"].([]storage.Record)
	delete(got, "session")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ada: got %v, want %v", got, want)
	}
	if len(sessions) != 1 || sessions[0]["id"] != sid.Hex() || sessions[0]["userId"] != uid.Hex() {
		t.Errorf("Ada's sessions: got %v, want one with id %s", sessions, sid.Hex())
	}
	bob, err := e.db.FindOne(ctx, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", strID)}})
	if err != nil || bob == nil || bob["name"] != "Bob" {
		t.Errorf("find Bob by a string id: got %v, %v", bob, err)
	}
	up, err := e.db.Update(ctx, "session", []storage.Where{storage.Eq("userId", uid.Hex())},
		storage.Record{"userAgent": "go"})
	if err != nil || up == nil || up["userAgent"] != "go" {
		t.Errorf("update Ada's session: got %v, %v", up, err)
	}
	n, err := e.db.DeleteMany(ctx, "session", []storage.Where{storage.Eq("userId", uid.Hex())})
	if err != nil || n != 1 {
		t.Errorf("delete Ada's session: got %d, %v; want 1", n, err)
	}
}

// TestTransactionsWhereSupported checks the transaction capability against
// the server: FerretDB and standalone servers refuse with
// storage.ErrNoTransactions without running the function.
func TestTransactionsWhereSupported(t *testing.T) {
	e := newEnv(t, nil, nil)
	called := false
	err := e.a.Transaction(t.Context(), func(tx storage.Adapter) error {
		called = true
		_, err := tx.Create(t.Context(), "user", storage.Record{"id": "u1", "name": "a",
			"email": "a@x.io", "emailVerified": false})
		if err != nil {
			return err
		}
		return errors.New("roll back")
	})
	if !e.a.Capabilities().Transactions {
		if !errors.Is(err, storage.ErrNoTransactions) || called {
			t.Fatalf("got %v (fn called: %v), want ErrNoTransactions without a call", err, called)
		}
		return
	}
	if err == nil || err.Error() != "roll back" {
		t.Fatalf("got %v, want the function's error", err)
	}
	if n, _ := e.db.Count(t.Context(), "user", nil); n != 0 {
		t.Errorf("after rollback: got %d users, want 0", n)
	}
}

// TestMigrate checks the indexes made from the schema, that a second run
// changes nothing, and that an optional unique field may be missing from
// many documents.
func TestMigrate(t *testing.T) {
	s := storage.BaseSchema()
	s.Add(storage.Model{Name: "user", Fields: []storage.Field{
		{Name: "username", Type: storage.TypeString, Unique: true}}})
	e := newEnv(t, s, nil)
	if err := e.a.Migrate(t.Context(), s); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	want := map[string][]string{
		"user":         {"_id_", "email_1", "username_1"},
		"session":      {"_id_", "token_1", "userId_1"},
		"account":      {"_id_", "userId_1"},
		"verification": {"_id_", "identifier_1"},
	}
	for coll, names := range want {
		specs, err := e.raw.Collection(coll).Indexes().ListSpecifications(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range specs {
			got = append(got, s.Name)
		}
		slices.Sort(got)
		if !reflect.DeepEqual(got, names) {
			t.Errorf("%s indexes: got %v, want %v", coll, got, names)
		}
	}
	e.create(t, "user", storage.Record{"name": "a", "email": "a@x.io"})
	e.create(t, "user", storage.Record{"name": "b", "email": "b@x.io", "username": nil})
	e.create(t, "user", storage.Record{"name": "c", "email": "c@x.io", "username": "c"})
	_, err := e.db.Create(t.Context(), "user", storage.Record{"name": "d", "email": "d@x.io",
		"username": "c"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate username: got %v, want ErrDuplicate", err)
	}
	_, err = e.db.Create(t.Context(), "user", storage.Record{"name": "e", "email": "a@x.io"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate email: got %v, want ErrDuplicate", err)
	}
	rows := e.findMany(t, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("username", nil)}})
	if len(rows) != 2 {
		t.Errorf("users without username: got %d, want 2", len(rows))
	}
	up, err := e.db.Update(t.Context(), "user", []storage.Where{storage.Eq("username", "c")},
		storage.Record{"username": nil})
	if err != nil || up == nil || up["username"] != nil {
		t.Errorf("clear username: got %v, %v", up, err)
	}
}

// TestStringIDs checks that Options.StringIDs stores ObjectId-looking ids
// as strings, as Better Auth does with its own id generator.
func TestStringIDs(t *testing.T) {
	raw := database(randomHex(6))
	t.Cleanup(func() { raw.Drop(t.Context()) })
	a, err := mongo.New(t.Context(), raw, mongo.Options{StringIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.New(a, storage.Options{GenerateID: mongo.GenerateID})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.Create(t.Context(), "user", storage.Record{"name": "a", "email": "a@x.io"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := raw.Collection("user").FindOne(t.Context(), bson.D{}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Lookup("_id"); got.Type != bson.TypeString || got.StringValue() != u["id"] {
		t.Errorf("_id: got %s, want the string %v", got, u["id"])
	}
}
