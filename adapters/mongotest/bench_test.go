package mongotest

import (
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kernia-go/kernia/adapters/mongo"
	"github.com/kernia-go/kernia/core/storage"
)

// benchUser is what a hand-written program would decode a user into.
type benchUser struct {
	ID            string    `bson:"_id"`
	Name          string    `bson:"name"`
	Email         string    `bson:"email"`
	EmailVerified bool      `bson:"emailVerified"`
	Image         *string   `bson:"image"`
	CreatedAt     time.Time `bson:"createdAt"`
	UpdatedAt     time.Time `bson:"updatedAt"`
}

// seed stores n users through the DB and returns the first one's id.
func seed(b *testing.B, e *env, n int) string {
	b.Helper()
	var first string
	for i := range n {
		u := e.user(b, fmt.Sprintf("user %d", i), fmt.Sprintf("u%d@x.io", i))
		if i == 0 {
			first = u["id"].(string)
		}
	}
	return first
}

// BenchmarkFindOne reads one user by id.
func BenchmarkFindOne(b *testing.B) {
	e := newEnv(b, nil, nil)
	id := seed(b, e, 100)
	b.Run("kernia", func(b *testing.B) {
		q := storage.FindQuery{Model: "user", Where: []storage.Where{storage.Eq("id", id)}}
		for b.Loop() {
			if u, err := e.db.FindOne(b.Context(), q); err != nil || u == nil {
				b.Fatalf("findOne: %v, %v", u, err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		coll := e.raw.Collection("user")
		for b.Loop() {
			var u benchUser
			err := coll.FindOne(b.Context(), bson.D{{Key: "_id", Value: id}}).Decode(&u)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCreate inserts one user.
func BenchmarkCreate(b *testing.B) {
	e := newEnv(b, nil, nil)
	b.Run("kernia", func(b *testing.B) {
		run, i := randomHex(4), 0
		for b.Loop() {
			i++
			rec := storage.Record{"name": "n", "email": fmt.Sprintf("k%s-%d@x.io", run, i)}
			if _, err := e.db.Create(b.Context(), "user", rec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		coll := e.raw.Collection("user")
		run, i := randomHex(4), 0
		for b.Loop() {
			i++
			now := time.Now()
			u := benchUser{ID: mongo.NewObjectID(), Name: "n", Email: fmt.Sprintf("d%s-%d@x.io", run, i),
				CreatedAt: now, UpdatedAt: now}
			if _, err := coll.InsertOne(b.Context(), u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFindMany100 reads 100 users.
func BenchmarkFindMany100(b *testing.B) {
	e := newEnv(b, nil, nil)
	seed(b, e, 150)
	b.Run("kernia", func(b *testing.B) {
		q := storage.FindQuery{Model: "user", Where: []storage.Where{
			storage.Eq("emailVerified", false)}, Limit: 100}
		for b.Loop() {
			rows, err := e.db.FindMany(b.Context(), q)
			if err != nil || len(rows) != 100 {
				b.Fatalf("findMany: %d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		coll := e.raw.Collection("user")
		filter := bson.D{{Key: "emailVerified", Value: false}}
		for b.Loop() {
			cur, err := coll.Find(b.Context(), filter, options.Find().SetLimit(100))
			if err != nil {
				b.Fatal(err)
			}
			var users []benchUser
			if err := cur.All(b.Context(), &users); err != nil || len(users) != 100 {
				b.Fatalf("find: %d rows, %v", len(users), err)
			}
		}
	})
}
