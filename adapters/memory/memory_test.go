package memory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

func newDB(t *testing.T, mod func(*storage.Options)) *storage.DB {
	t.Helper()
	opts := storage.Options{}
	if mod != nil {
		mod(&opts)
	}
	db, err := memory.NewDB(opts)
	if err != nil {
		t.Fatalf("NewDB: %v", err)
	}
	return db
}

func createUser(t *testing.T, db *storage.DB, email string) storage.Record {
	t.Helper()
	u, err := db.Create(t.Context(), "user", storage.Record{"name": "n-" + email, "email": email})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

func TestCreateAndFind(t *testing.T) {
	for _, idType := range []storage.IDType{storage.IDString, storage.IDUUID, storage.IDSerial} {
		t.Run(string(idType), func(t *testing.T) {
			db := newDB(t, func(o *storage.Options) {
				o.Schema = storage.BaseSchema()
				o.Schema.IDType = idType
			})
			u := createUser(t, db, "a@example.com")
			id, ok := u["id"].(string)
			if !ok || id == "" {
				t.Fatalf("got id %#v, want a non-empty string", u["id"])
			}
			if u["emailVerified"] != false {
				t.Errorf("got emailVerified %#v, want false", u["emailVerified"])
			}
			got, err := db.FindOne(t.Context(), storage.FindQuery{Model: "user",
				Where: []storage.Where{storage.Eq("id", id)}})
			if err != nil {
				t.Fatalf("find: %v", err)
			}
			if got["email"] != "a@example.com" || got["id"] != id {
				t.Errorf("got %v, want the created user", got)
			}
			s, err := db.Create(t.Context(), "session", storage.Record{"userId": id, "token": "t1",
				"expiresAt": time.Now().Add(time.Hour)})
			if err != nil {
				t.Fatalf("create session: %v", err)
			}
			if s["userId"] != id {
				t.Errorf("got userId %#v, want %q", s["userId"], id)
			}
		})
	}
}

func TestDuplicate(t *testing.T) {
	db := newDB(t, nil)
	createUser(t, db, "a@example.com")
	_, err := db.Create(t.Context(), "user", storage.Record{"name": "x", "email": "a@example.com"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("got %v, want ErrDuplicate", err)
	}
	b := createUser(t, db, "b@example.com")
	_, err = db.Update(t.Context(), "user", []storage.Where{storage.Eq("id", b["id"])},
		storage.Record{"email": "a@example.com"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Fatalf("update: got %v, want ErrDuplicate", err)
	}
}

func TestTransactionRollback(t *testing.T) {
	db := newDB(t, nil)
	createUser(t, db, "keep@example.com")
	boom := errors.New("boom")
	err := db.Transaction(t.Context(), func(tx *storage.DB) error {
		createUser(t, tx, "gone@example.com")
		if _, err := tx.DeleteMany(t.Context(), "user",
			[]storage.Where{storage.Eq("email", "keep@example.com")}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	users, err := db.FindMany(t.Context(), storage.FindQuery{Model: "user"})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0]["email"] != "keep@example.com" {
		t.Fatalf("got %v, want only keep@example.com", users)
	}
}

func TestJoins(t *testing.T) {
	for _, native := range []bool{false, true} {
		db := newDB(t, func(o *storage.Options) { o.Joins = native })
		u := createUser(t, db, "a@example.com")
		for _, tok := range []string{"t1", "t2", "t3"} {
			if _, err := db.Create(context.Background(), "session", storage.Record{"userId": u["id"],
				"token": tok, "expiresAt": time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.FindOne(t.Context(), storage.FindQuery{Model: "user",
			Join: []storage.JoinRequest{{Model: "session", Limit: 2}, {Model: "account"}}})
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := got["session"].([]storage.Record); len(s) != 2 {
			t.Errorf("native=%v: got sessions %#v, want 2", native, got["session"])
		}
		if a, ok := got["account"].([]storage.Record); !ok || len(a) != 0 {
			t.Errorf("native=%v: got accounts %#v, want empty", native, got["account"])
		}
		ss, err := db.FindMany(t.Context(), storage.FindQuery{Model: "session",
			Join: []storage.JoinRequest{{Model: "user"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			if ju, _ := s["user"].(storage.Record); ju == nil || ju["id"] != u["id"] {
				t.Errorf("native=%v: got user %#v, want %v", native, s["user"], u["id"])
			}
		}
	}
}
