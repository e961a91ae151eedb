package storage

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestCanonicalAgreesWithConversion checks that every value canonical
// accepts comes out of the full conversion unchanged, and that values it
// rejects still convert as before.
func TestCanonicalAgreesWithConversion(t *testing.T) {
	db, _ := newTestDB(t, allCaps, IDString)
	mi := db.index["thing"]
	at := time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	cases := []struct {
		field     string
		v         any
		canonical bool
	}{
		{"id", "abc", true},
		{"id", int64(5), false},
		{"owner", "u1", true},
		{"label", "l", true},
		{"label", []byte("l"), false},
		{"n", int64(3), true},
		{"n", int32(3), false},
		{"flag", true, true},
		{"flag", int64(1), false},
		{"at", at, true},
		{"at", at.Add(time.Microsecond), false},
		{"at", at.In(time.FixedZone("x", 3600)), false},
		{"at", time.Now(), false}, // monotonic reading, sub-millisecond digits
		{"at", at.Format(time.RFC3339Nano), false},
		{"doc", "x", false},
		{"tags", []string{"a"}, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %T", c.field, c.v), func(t *testing.T) {
			f, err := mi.field(c.field)
			if err != nil {
				t.Fatal(err)
			}
			if got := canonical(f, c.v); got != c.canonical {
				t.Errorf("canonical: got %v, want %v", got, c.canonical)
			}
			if !c.canonical {
				return
			}
			// The conversion canonical stands in for, without the shortcut.
			var slow any
			var ok bool
			switch {
			case isIDRef(f):
				slow, ok = stringOut(c.v)
			case f.Type == TypeDate:
				slow, ok = toTime(c.v)
			default:
				slow, ok = c.v, true
			}
			if !ok || slow != c.v {
				t.Errorf("full conversion: got %#v (%v), want %#v unchanged", slow, ok, c.v)
			}
		})
	}
}

// TestOutputReusesCanonicalRows checks when the adapter's row is returned
// as the record itself and that the adapter's row is never written to.
func TestOutputReusesCanonicalRows(t *testing.T) {
	db, _ := newTestDB(t, allCaps, IDString)
	at := time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	session := func() Record {
		return Record{"id": "s1", "token": "t", "userId": "u1", "expiresAt": at,
			"createdAt": at, "updatedAt": at, "ipAddress": nil, "userAgent": "ua"}
	}
	cases := []struct {
		name   string
		model  string
		edit   func(Record)
		reused bool
	}{
		{"canonical", "session", func(Record) {}, true},
		{"driver type", "session", func(r Record) { r["token"] = []byte("t") }, false},
		{"local time", "session", func(r Record) { r["createdAt"] = at.Local() }, false},
		{"extra column", "session", func(r Record) { r["extra"] = "x" }, false},
		{"missing column", "session", func(r Record) { delete(r, "userAgent") }, false},
		{"renamed column", "thing", func(Record) {}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := session()
			if c.model == "thing" {
				raw = Record{"id": "x", "label_col": "l", "n": nil, "flag": nil, "at": nil,
					"doc": nil, "tags": nil, "nums": nil, "owner": nil}
			}
			c.edit(raw)
			before := fmt.Sprintf("%#v", raw)
			got, err := db.output(db.index[c.model], raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			reused := reflect.ValueOf(got).Pointer() == reflect.ValueOf(raw).Pointer()
			if reused != c.reused {
				t.Errorf("reused the adapter's row: got %v, want %v", reused, c.reused)
			}
			if after := fmt.Sprintf("%#v", raw); after != before {
				t.Errorf("adapter's row changed: got %s, want %s", after, before)
			}
			if _, ok := got["extra"]; ok {
				t.Errorf("got %v, want no extra column", got)
			}
			if c.model == "session" {
				want := session()
				if c.name == "missing column" {
					want["userAgent"] = nil
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %#v, want %#v", got, want)
				}
			}
		})
	}
}
