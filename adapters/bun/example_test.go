package bun_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	ubun "github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"

	"github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/core/storage"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "kernia")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	a, err := bun.Open("sqlite", "file:"+filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	db, err := storage.New(a, storage.Options{Joins: true})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	u, err := db.Create(ctx, "user", storage.Record{"name": "Ann", "email": "ann@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u["email"], u["emailVerified"])
	// Output: ann@example.com false
}

func ExampleAdapter_Plan() {
	dir, err := os.MkdirTemp("", "kernia")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	a, err := bun.Open("sqlite", "file:"+filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	s := storage.BaseSchema()
	s.Add(storage.RateLimitModel())
	plan, err := a.Plan(context.Background(), s)
	if err != nil {
		log.Fatal(err)
	}
	for _, stmt := range plan {
		fmt.Println(stmt)
	}
	// Output:
	// CREATE TABLE IF NOT EXISTS "user" ("id" text NOT NULL PRIMARY KEY, "name" text NOT NULL, "email" text NOT NULL UNIQUE, "emailVerified" integer NOT NULL, "image" text, "createdAt" date NOT NULL, "updatedAt" date NOT NULL)
	// CREATE TABLE IF NOT EXISTS "session" ("id" text NOT NULL PRIMARY KEY, "expiresAt" date NOT NULL, "token" text NOT NULL UNIQUE, "createdAt" date NOT NULL, "updatedAt" date NOT NULL, "ipAddress" text, "userAgent" text, "userId" text NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE)
	// CREATE INDEX IF NOT EXISTS "session_userId_idx" ON "session" ("userId")
	// CREATE TABLE IF NOT EXISTS "account" ("id" text NOT NULL PRIMARY KEY, "accountId" text NOT NULL, "providerId" text NOT NULL, "userId" text NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date NOT NULL, "updatedAt" date NOT NULL)
	// CREATE INDEX IF NOT EXISTS "account_userId_idx" ON "account" ("userId")
	// CREATE TABLE IF NOT EXISTS "verification" ("id" text NOT NULL PRIMARY KEY, "identifier" text NOT NULL, "value" text NOT NULL, "expiresAt" date NOT NULL, "createdAt" date NOT NULL, "updatedAt" date NOT NULL)
	// CREATE INDEX IF NOT EXISTS "verification_identifier_idx" ON "verification" ("identifier")
	// CREATE TABLE IF NOT EXISTS "rateLimit" ("id" text NOT NULL PRIMARY KEY, "key" text NOT NULL UNIQUE, "count" integer NOT NULL, "lastRequest" bigint NOT NULL)
}

func ExampleNew() {
	dir, err := os.MkdirTemp("", "kernia")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// A pool made elsewhere, with the settings the adapter expects.
	sqlDB, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.db")+
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer sqlDB.Close()

	a, err := bun.New(sqlDB, "sqlite")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Capabilities().Name)
	// Output: bun-sqlite
}

func ExampleFromBun() {
	dir, err := os.MkdirTemp("", "kernia")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	sqlDB, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.db")+
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	bunDB := ubun.NewDB(sqlDB, sqlitedialect.New())
	defer bunDB.Close()

	a, err := bun.FromBun(bunDB)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Capabilities().Name, a.DB() == bunDB)
	// Output: bun-sqlite true
}
