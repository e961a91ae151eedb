package mongo

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

// codecUser is what a hand-written program would map a user to.
type codecUser struct {
	ID            string    `bson:"_id"`
	Name          string    `bson:"name"`
	Email         string    `bson:"email"`
	EmailVerified bool      `bson:"emailVerified"`
	Image         *string   `bson:"image"`
	CreatedAt     time.Time `bson:"createdAt"`
	UpdatedAt     time.Time `bson:"updatedAt"`
}

func sampleUser() (storage.Record, codecUser) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rec := storage.Record{"id": "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE", "name": "Ada",
		"email": "ada@x.io", "emailVerified": false, "image": nil, "createdAt": now,
		"updatedAt": now}
	u := codecUser{ID: rec["id"].(string), Name: "Ada", Email: "ada@x.io",
		CreatedAt: now, UpdatedAt: now}
	return rec, u
}

// BenchmarkEncode compares the adapter's record-to-BSON path with the
// driver's struct encoding: the client-side cost of a create.
func BenchmarkEncode(b *testing.B) {
	a := testAdapter(storage.IDString)
	rec, u := sampleUser()
	b.Run("adapter", func(b *testing.B) {
		for b.Loop() {
			doc, _, err := a.document(a.tables["user"], rec)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := bson.Marshal(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("struct", func(b *testing.B) {
		for b.Loop() {
			if _, err := bson.Marshal(u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecode compares the adapter's BSON-to-record path with the
// driver's struct decoding: the client-side cost of reading one row.
func BenchmarkDecode(b *testing.B) {
	a := testAdapter(storage.IDString)
	_, u := sampleUser()
	raw, err := bson.Marshal(u)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("adapter", func(b *testing.B) {
		for b.Loop() {
			if _, err := record(a.tables["user"], raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("struct", func(b *testing.B) {
		for b.Loop() {
			var v codecUser
			if err := bson.Unmarshal(raw, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
