package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// recorder is an adapter that records what the DB hands it and answers
// with canned rows.
type recorder struct {
	caps    Capabilities
	created []Record
	queries []Query
	wheres  [][]Where
	updates []Record
	row     Record   // returned by FindOne and Update; Create echoes data
	rows    []Record // returned by FindMany
	count   int64
}

func (r *recorder) Capabilities() Capabilities { return r.caps }

func (r *recorder) Create(_ context.Context, table string, data Record) (Record, error) {
	r.created = append(r.created, data)
	out := Record{}
	for k, v := range data {
		out[k] = v
	}
	if _, ok := out["id"]; !ok {
		out["id"] = int64(7)
	}
	return out, nil
}

func (r *recorder) FindOne(_ context.Context, q Query) (Record, error) {
	r.queries = append(r.queries, q)
	return r.row, nil
}

func (r *recorder) FindMany(_ context.Context, q Query) ([]Record, error) {
	r.queries = append(r.queries, q)
	return r.rows, nil
}

func (r *recorder) Count(_ context.Context, _ string, w []Where) (int64, error) {
	r.wheres = append(r.wheres, w)
	return r.count, nil
}

func (r *recorder) Update(_ context.Context, _ string, w []Where, d Record) (Record, error) {
	r.wheres = append(r.wheres, w)
	r.updates = append(r.updates, d)
	return r.row, nil
}

func (r *recorder) UpdateMany(_ context.Context, _ string, w []Where, d Record) (int64, error) {
	r.wheres = append(r.wheres, w)
	r.updates = append(r.updates, d)
	return r.count, nil
}

func (r *recorder) Delete(_ context.Context, _ string, w []Where) error {
	r.wheres = append(r.wheres, w)
	return nil
}

func (r *recorder) DeleteMany(_ context.Context, _ string, w []Where) (int64, error) {
	r.wheres = append(r.wheres, w)
	return r.count, nil
}

var allCaps = Capabilities{Name: "rec", JSON: true, Arrays: true, Dates: true, Booleans: true,
	Joins: true, SerialIDs: true, Transactions: true}

// testSchema is the base schema plus a model with one field of each type.
func testSchema(id IDType) *Schema {
	s := BaseSchema()
	s.IDType = id
	s.Add(Model{Name: "thing", Table: "things", Fields: []Field{
		{Name: "label", Column: "label_col", Type: TypeString, Default: Static("none")},
		{Name: "n", Type: TypeNumber},
		{Name: "flag", Type: TypeBoolean},
		{Name: "at", Type: TypeDate},
		{Name: "doc", Type: TypeJSON},
		{Name: "tags", Type: TypeStringArray},
		{Name: "nums", Type: TypeNumberArray},
		{Name: "owner", Type: TypeString, References: &Reference{Model: "user", Field: "id"}},
	}})
	return s
}

func newTestDB(t *testing.T, caps Capabilities, id IDType) (*DB, *recorder) {
	t.Helper()
	rec := &recorder{caps: caps}
	db, err := New(rec, Options{Schema: testSchema(id)})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return db, rec
}

func TestNewRejects(t *testing.T) {
	bad := BaseSchema()
	bad.Models[1].Fields[6].References.Model = "nobody"
	tests := []struct {
		name string
		caps Capabilities
		opts Options
	}{
		{"serial without support", Capabilities{}, Options{Schema: &Schema{IDType: IDSerial}}},
		{"invalid schema", allCaps, Options{Schema: bad}},
		{"unknown id type", allCaps, Options{Schema: &Schema{IDType: "snowflake"}}},
		{"negative limit", allCaps, Options{DefaultLimit: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(&recorder{caps: tt.caps}, tt.opts); err == nil {
				t.Fatal("got no error, want one")
			}
		})
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Error("nil adapter: got no error, want one")
	}
}

func TestCreateIDs(t *testing.T) {
	alnum := regexp.MustCompile(`^[a-zA-Z0-9]{32}$`)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	const goodUUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	tests := []struct {
		name   string
		id     IDType
		given  any
		keep   bool
		genID  func(string) string
		check  func(any) bool
		stored string // the id the adapter got, described
	}{
		{"string default", IDString, nil, false, nil, func(v any) bool {
			s, _ := v.(string)
			return alnum.MatchString(s)
		}, "32 alphanumerics"},
		{"string given dropped", IDString, "mine", false, nil, func(v any) bool {
			return v != "mine" && alnum.MatchString(v.(string))
		}, "a new id"},
		{"string kept", IDString, "mine", true, nil, func(v any) bool { return v == "mine" }, "mine"},
		{"generate wins", IDString, nil, false, func(m string) string { return "gen-" + m },
			func(v any) bool { return v == "gen-user" }, "gen-user"},
		{"uuid default", IDUUID, nil, false, nil, func(v any) bool {
			s, _ := v.(string)
			return uuid.MatchString(s)
		}, "a v4 uuid"},
		{"uuid kept", IDUUID, goodUUID, true, nil, func(v any) bool { return v == goodUUID }, goodUUID},
		{"uuid invalid replaced", IDUUID, "not-a-uuid", true, nil, func(v any) bool {
			s, _ := v.(string)
			return uuid.MatchString(s)
		}, "a new uuid"},
		{"serial omitted", IDSerial, nil, false, nil, func(v any) bool { return v == nil }, "no id"},
		{"serial generate ignored", IDSerial, nil, false, func(string) string { return "x" },
			func(v any) bool { return v == nil }, "no id"},
		{"serial kept", IDSerial, "12", true, nil, func(v any) bool { return v == int64(12) }, "12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{caps: allCaps}
			db, err := New(rec, Options{Schema: testSchema(tt.id), GenerateID: tt.genID})
			if err != nil {
				t.Fatal(err)
			}
			data := Record{"name": "n", "email": "e"}
			if tt.given != nil {
				data["id"] = tt.given
			}
			var opts []CreateOption
			if tt.keep {
				opts = append(opts, KeepID())
			}
			out, err := db.Create(t.Context(), "user", data, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.created[0]["id"]; !tt.check(got) {
				t.Errorf("got stored id %#v, want %s", got, tt.stored)
			}
			if _, ok := out["id"].(string); !ok {
				t.Errorf("got output id %#v, want a string", out["id"])
			}
		})
	}
}

func TestIsUUID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"3f2504e0-4f89-41d3-9a0c-0305e82c3301", true},
		{"3F2504E0-4F89-11D3-9A0C-0305E82C3301", true},
		{"3f2504e0-4f89-61d3-9a0c-0305e82c3301", false}, // version 6
		{"3f2504e0-4f89-41d3-7a0c-0305e82c3301", false}, // variant
		{"3f2504e04f8941d39a0c0305e82c3301", false},
		{"3f2504e0-4f89-41d3-9a0c-0305e82c330g", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isUUID(tt.in); got != tt.want {
			t.Errorf("isUUID(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
	for range 100 {
		if id := newUUID(); !isUUID(id) {
			t.Fatalf("newUUID: got %q, not a valid UUID", id)
		}
	}
}

func TestRandomIDsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := randomID()
		if seen[id] {
			t.Fatalf("got id %q twice", id)
		}
		seen[id] = true
	}
}

func TestCreateDefaultsAndRequired(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	ctx := t.Context()
	out, err := db.Create(ctx, "user", Record{"name": "n", "email": "e", "image": nil, "bogus": 1})
	if err != nil {
		t.Fatal(err)
	}
	row := rec.created[0]
	if row["emailVerified"] != false {
		t.Errorf("got emailVerified %#v, want default false", row["emailVerified"])
	}
	if _, ok := row["createdAt"].(time.Time); !ok {
		t.Errorf("got createdAt %#v, want a default time", row["createdAt"])
	}
	if v, ok := row["image"]; !ok || v != nil {
		t.Errorf("got image %#v (present %v), want explicit nil", v, ok)
	}
	if _, ok := row["bogus"]; ok {
		t.Error("got unknown field stored, want it dropped")
	}
	if _, ok := out["bogus"]; ok {
		t.Error("got unknown field returned, want it dropped")
	}
	for _, f := range []string{"id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt"} {
		if _, ok := out[f]; !ok {
			t.Errorf("output lacks %q", f)
		}
	}

	_, err = db.Create(ctx, "user", Record{"name": "n"})
	if !errors.Is(err, ErrRequired) || !strings.Contains(err.Error(), "user.email") {
		t.Errorf("got %v, want ErrRequired naming user.email", err)
	}
	_, err = db.Create(ctx, "user", Record{"name": "n", "email": "e", "emailVerified": nil})
	if err != nil {
		t.Errorf("nil on a required field with a default: got %v, want the default", err)
	}
	if _, err = db.Create(ctx, "nobody", Record{}); !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("unknown model: got %v, want ErrInvalidQuery", err)
	}
}

func TestCreateConversions(t *testing.T) {
	data := Record{"label": "l", "n": "42", "flag": "true", "at": "2024-05-06T08:08:09.123456789+02:00",
		"doc": map[string]any{"a": 1}, "tags": []string{"x", "y"}, "nums": []int{1, 2}, "owner": "u1"}
	wantUTC := time.Date(2024, 5, 6, 6, 8, 9, 123_000_000, time.UTC)
	tests := []struct {
		name string
		caps Capabilities
		want Record
	}{
		{"native", allCaps, Record{"label_col": "l", "n": int64(42), "flag": true, "at": wantUTC,
			"doc": map[string]any{"a": float64(1)}, "tags": []string{"x", "y"},
			"nums": []int64{1, 2}, "owner": "u1"}},
		{"nothing native", Capabilities{}, Record{"label_col": "l", "n": int64(42), "flag": int64(1),
			"at": "2024-05-06T06:08:09.123Z", "doc": `{"a":1}`, "tags": `["x","y"]`,
			"nums": `[1,2]`, "owner": "u1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, rec := newTestDB(t, tt.caps, IDString)
			out, err := db.Create(t.Context(), "thing", data)
			if err != nil {
				t.Fatal(err)
			}
			row := rec.created[0]
			delete(row, "id")
			if !reflect.DeepEqual(row, tt.want) {
				t.Errorf("got stored %#v,\nwant %#v", row, tt.want)
			}
			want := Record{"label": "l", "n": int64(42), "flag": true, "at": wantUTC,
				"doc": map[string]any{"a": float64(1)}, "tags": []string{"x", "y"},
				"nums": []int64{1, 2}, "owner": "u1"}
			delete(out, "id")
			if !reflect.DeepEqual(out, want) {
				t.Errorf("got output %#v,\nwant %#v", out, want)
			}
		})
	}
}

func TestPointersAreFollowed(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	name, img := "n", (*string)(nil)
	_, err := db.Create(t.Context(), "user", Record{"name": &name, "email": "e", "image": img})
	if err != nil {
		t.Fatal(err)
	}
	row := rec.created[0]
	if v, ok := row["image"]; row["name"] != "n" || !ok || v != nil {
		t.Errorf("got name %#v image %#v, want \"n\" and an explicit nil", row["name"], v)
	}
	if _, err := db.Count(t.Context(), "user", []Where{Eq("name", &name)}); err != nil {
		t.Fatal(err)
	}
	if got := rec.wheres[0][0].Value; got != "n" {
		t.Errorf("got where value %#v, want \"n\"", got)
	}
}

func TestCreateRejectsWrongTypes(t *testing.T) {
	tests := []Record{
		{"n": 1.5}, {"n": "abc"}, {"flag": "yes"}, {"at": "yesterday"}, {"tags": []int{1}},
		{"nums": []string{"a"}}, {"label": 3}, {"doc": make(chan int)},
	}
	for _, data := range tests {
		db, _ := newTestDB(t, allCaps, IDString)
		if _, err := db.Create(t.Context(), "thing", data); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%v: got %v, want ErrInvalidQuery", data, err)
		}
	}
}

func TestSerialCoercion(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDSerial)
	out, err := db.Create(t.Context(), "thing", Record{"owner": "15"})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.created[0]["owner"]; got != int64(15) {
		t.Errorf("got stored owner %#v, want int64 15", got)
	}
	if out["owner"] != "15" || out["id"] != "7" {
		t.Errorf("got owner %#v id %#v, want strings \"15\" and \"7\"", out["owner"], out["id"])
	}
	_, err = db.FindMany(t.Context(), FindQuery{Model: "thing", Where: []Where{
		Eq("id", "3"), {Field: "owner", Operator: OpIn, Value: []string{"1", "2"}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := rec.queries[0].Where
	if got[0].Value != int64(3) || !reflect.DeepEqual(got[1].Value, []any{int64(1), int64(2)}) {
		t.Errorf("got where values %#v and %#v, want int64s", got[0].Value, got[1].Value)
	}
	_, err = db.FindOne(t.Context(), FindQuery{Model: "thing", Where: []Where{Eq("id", "x")}})
	if !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("non-numeric serial id: got %v, want ErrInvalidQuery", err)
	}
}

func TestWhereNormalisation(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 6_000_000, time.UTC)
	tests := []struct {
		name string
		caps Capabilities
		in   Where
		want Where
		err  error
	}{
		{"defaults", allCaps, Where{Field: "label", Value: "x"},
			Where{Field: "label_col", Operator: OpEq, Value: "x", Connector: And, Mode: Sensitive}, nil},
		{"id", allCaps, Where{Field: "id", Operator: OpNe, Value: "a", Connector: Or},
			Where{Field: "id", Operator: OpNe, Value: "a", Connector: Or, Mode: Sensitive}, nil},
		{"numeric string", allCaps, Where{Field: "n", Operator: OpGt, Value: "5"},
			Where{Field: "n", Operator: OpGt, Value: int64(5), Connector: And, Mode: Sensitive}, nil},
		{"bool string", allCaps, Where{Field: "flag", Value: "false"},
			Where{Field: "flag", Operator: OpEq, Value: false, Connector: And, Mode: Sensitive}, nil},
		{"bool as int", Capabilities{}, Where{Field: "flag", Value: true},
			Where{Field: "flag", Operator: OpEq, Value: int64(1), Connector: And, Mode: Sensitive}, nil},
		{"date as text", Capabilities{}, Where{Field: "at", Operator: OpLt, Value: at},
			Where{Field: "at", Operator: OpLt, Value: "2024-01-02T03:04:05.006Z", Connector: And,
				Mode: Sensitive}, nil},
		{"in any slice", allCaps, Where{Field: "n", Operator: OpIn, Value: []int32{1, 2}},
			Where{Field: "n", Operator: OpIn, Value: []any{int64(1), int64(2)}, Connector: And,
				Mode: Sensitive}, nil},
		{"not_in empty", allCaps, Where{Field: "label", Operator: OpNotIn, Value: []string{}},
			Where{Field: "label_col", Operator: OpNotIn, Value: []any{}, Connector: And,
				Mode: Sensitive}, nil},
		{"eq nil", allCaps, Where{Field: "label", Value: nil, Mode: Insensitive},
			Where{Field: "label_col", Operator: OpEq, Connector: And, Mode: Insensitive}, nil},
		{"unknown field", allCaps, Where{Field: "nope", Value: 1}, Where{}, ErrInvalidQuery},
		{"in non-slice", allCaps, Where{Field: "label", Operator: OpIn, Value: "x"}, Where{},
			ErrInvalidQuery},
		{"nil in list", allCaps, Where{Field: "label", Operator: OpIn, Value: []any{"a", nil}},
			Where{}, ErrInvalidQuery},
		{"pattern non-string", allCaps, Where{Field: "label", Operator: OpContains, Value: 1},
			Where{}, ErrInvalidQuery},
		{"pattern on number", allCaps, Where{Field: "n", Operator: OpStartsWith, Value: "1"},
			Where{}, ErrInvalidQuery},
		{"unknown operator", allCaps, Where{Field: "n", Operator: "like", Value: 1}, Where{},
			ErrInvalidQuery},
		{"bad connector", allCaps, Where{Field: "n", Value: 1, Connector: "XOR"}, Where{},
			ErrInvalidQuery},
		{"lt nil", allCaps, Where{Field: "n", Operator: OpLt}, Where{}, ErrInvalidQuery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, rec := newTestDB(t, tt.caps, IDString)
			_, err := db.Count(t.Context(), "thing", []Where{tt.in})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("got %v, want %v", err, tt.err)
				}
				if len(rec.wheres) != 0 {
					t.Error("adapter was called for an invalid query")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.wheres[0][0]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestOutputConversions(t *testing.T) {
	db, rec := newTestDB(t, Capabilities{}, IDString)
	rec.row = Record{"id": int64(5), "label_col": []byte("l"), "n": int32(3), "flag": int64(0),
		"at": "2024-01-02 03:04:05.678+00:00", "doc": `{"b":[1]}`, "tags": []byte(`["a"]`),
		"nums": "[4,5]", "owner": nil, "extra": "ignored"}
	got, err := db.FindOne(t.Context(), FindQuery{Model: "thing"})
	if err != nil {
		t.Fatal(err)
	}
	want := Record{"id": "5", "label": "l", "n": int64(3), "flag": false,
		"at":  time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC),
		"doc": map[string]any{"b": []any{float64(1)}}, "tags": []string{"a"},
		"nums": []int64{4, 5}, "owner": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v,\nwant %#v", got, want)
	}

	got, err = db.FindOne(t.Context(), FindQuery{Model: "thing", Select: []string{"label", "id"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Record{"id": "5", "label": "l"}) {
		t.Errorf("select: got %#v, want id and label only", got)
	}
	if cols := rec.queries[1].Select; !reflect.DeepEqual(cols, []string{"label_col", "id"}) {
		t.Errorf("select: adapter got %v, want [label_col id]", cols)
	}
}

func TestDateLayouts(t *testing.T) {
	want := time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	for _, s := range []string{
		"2024-01-02T03:04:05.678Z", "2024-01-02T04:04:05.678+01:00", "2024-01-02 03:04:05.678",
		"2024-01-02 03:04:05.678+00:00", "2024-01-02 03:04:05.678901+00", "2024-01-02T03:04:05.678",
	} {
		got, ok := toTime(s)
		if !ok || !got.Equal(want) {
			t.Errorf("%q: got %v (%v), want %v", s, got, ok, want)
		}
	}
}

func TestFindManyLimits(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	ctx := t.Context()
	if _, err := db.FindMany(ctx, FindQuery{Model: "user"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindMany(ctx, FindQuery{Model: "user", Limit: 5, Offset: 2,
		SortBy: &SortBy{Field: "email", Desc: true}}); err != nil {
		t.Fatal(err)
	}
	if q := rec.queries[0]; q.Limit != 100 || q.Table != "user" {
		t.Errorf("got limit %d table %q, want 100 and user", q.Limit, q.Table)
	}
	if q := rec.queries[1]; q.Limit != 5 || q.Offset != 2 || *q.SortBy != (SortBy{"email", true}) {
		t.Errorf("got %+v, want limit 5 offset 2 sort email desc", q)
	}
	_, err := db.FindMany(ctx, FindQuery{Model: "user", SortBy: &SortBy{Field: "x"}})
	if !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("unknown sort field: got %v, want ErrInvalidQuery", err)
	}
	got, err := db.FindMany(ctx, FindQuery{Model: "user"})
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("no rows: got %#v, %v; want an empty slice", got, err)
	}
}

func TestUpdate(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	ctx := t.Context()
	got, err := db.Update(ctx, "user", nil, Record{"name": "x"})
	if got != nil || err != nil || len(rec.updates) != 0 {
		t.Fatalf("empty where: got %v, %v, %d adapter calls; want nothing", got, err, len(rec.updates))
	}
	rec.row = Record{"id": "u", "name": "x"}
	if _, err := db.Update(ctx, "user", []Where{Eq("id", "u")},
		Record{"name": "x", "bogus": 1, "id": "other"}); err != nil {
		t.Fatal(err)
	}
	data := rec.updates[0]
	if len(data) != 2 || data["name"] != "x" {
		t.Errorf("got update data %v, want name and updatedAt only", data)
	}
	if _, ok := data["updatedAt"].(time.Time); !ok {
		t.Errorf("got updatedAt %#v, want the OnUpdate time", data["updatedAt"])
	}
	_, err = db.Update(ctx, "user", []Where{Eq("id", "u")}, Record{"email": nil})
	if !errors.Is(err, ErrRequired) {
		t.Errorf("nil required field: got %v, want ErrRequired", err)
	}
}

func TestJoinResolution(t *testing.T) {
	s := BaseSchema()
	s.Add(Model{Name: "pair", Fields: []Field{
		{Name: "a", Type: TypeString, References: &Reference{Model: "user", Field: "id"}},
		{Name: "b", Type: TypeString, References: &Reference{Model: "user", Field: "id"}},
	}}, Model{Name: "profile", Fields: []Field{
		{Name: "userId", Type: TypeString, Unique: true, References: &Reference{Model: "user", Field: "id"}},
	}})
	db, err := New(&recorder{caps: allCaps}, Options{Schema: s, DefaultLimit: 9})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		base, join string
		want       Join
		err        bool
	}{
		{"user", "session", Join{Key: "session", Table: "session", From: "id", To: "userId",
			Limit: 9}, false},
		{"session", "user", Join{Key: "user", Table: "user", From: "userId", To: "id", Unique: true,
			Limit: 1}, false},
		{"user", "profile", Join{Key: "profile", Table: "profile", From: "id", To: "userId",
			Unique: true, Limit: 1}, false},
		{"user", "pair", Join{}, true},
		{"session", "account", Join{}, true},
		{"user", "nobody", Join{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.base+"->"+tt.join, func(t *testing.T) {
			rels, err := db.resolveJoins(db.index[tt.base], []JoinRequest{{Model: tt.join}})
			if tt.err {
				if !errors.Is(err, ErrInvalidQuery) {
					t.Fatalf("got %v, want ErrInvalidQuery", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := nativeJoins(rels)[0]; got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestJoinsPassedNatively(t *testing.T) {
	rec := &recorder{caps: allCaps}
	db, err := New(rec, Options{Joins: true})
	if err != nil {
		t.Fatal(err)
	}
	rec.row = Record{"id": "s1", "userId": "u1", "session": "ignored",
		"user": map[string]any{"id": "u1", "name": "n", "emailVerified": int64(1)}}
	got, err := db.FindOne(t.Context(), FindQuery{Model: "session", Select: []string{"token"},
		Join: []JoinRequest{{Model: "user"}}})
	if err != nil {
		t.Fatal(err)
	}
	q := rec.queries[0]
	if len(q.Joins) != 1 || !reflect.DeepEqual(q.Select, []string{"token", "userId"}) {
		t.Errorf("got joins %v select %v, want one join and token+userId", q.Joins, q.Select)
	}
	u, _ := got["user"].(Record)
	if u == nil || u["name"] != "n" || u["emailVerified"] != true {
		t.Errorf("got user %#v, want the converted joined row", got["user"])
	}
	if _, ok := got["userId"]; ok {
		t.Error("got userId in output, want only selected fields and joins")
	}
}

func TestJSONOutput(t *testing.T) {
	db, _ := newTestDB(t, allCaps, IDString)
	f := db.index["thing"].byName["doc"]
	for _, tt := range []struct {
		in   any
		want any
	}{
		{[]byte(`{"a":1}`), map[string]any{"a": float64(1)}},
		{"plain", "plain"},
		{map[string]int{"a": 1}, map[string]any{"a": float64(1)}},
		{json.RawMessage(`[true]`), []any{true}},
	} {
		got, err := db.fromAdapter(f, tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%#v: got %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := db.Create(ctx, "user", Record{"name": "n", "email": "e"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if len(rec.created) != 0 {
		t.Error("adapter was called with a cancelled context")
	}
}

func TestTransactionPassThrough(t *testing.T) {
	db, _ := newTestDB(t, allCaps, IDString) // the recorder is no Transactor
	boom := errors.New("boom")
	var got *DB
	err := db.Transaction(t.Context(), func(tx *DB) error { got = tx; return boom })
	if !errors.Is(err, boom) || got != db {
		t.Errorf("got %v and tx %p, want boom and the DB itself %p", err, got, db)
	}
}

func TestConsumeOneEmulated(t *testing.T) {
	db, rec := newTestDB(t, allCaps, IDString)
	rec.row = Record{"id": "v1", "identifier": "x", "value": "y"}
	rec.count = 1
	where := []Where{Eq("identifier", "x")}
	got, err := db.ConsumeOne(t.Context(), "verification", where)
	if err != nil {
		t.Fatal(err)
	}
	if got["id"] != "v1" {
		t.Errorf("got %v, want the found row", got)
	}
	del := rec.wheres[len(rec.wheres)-1]
	if len(del) != 2 || del[1].Field != "id" || del[1].Value != "v1" {
		t.Errorf("got delete where %v, want the query plus id = v1", del)
	}
	rec.count = 0 // another caller deleted it first
	if got, err := db.ConsumeOne(t.Context(), "verification", where); got != nil || err != nil {
		t.Errorf("lost race: got %v, %v; want nil, nil", got, err)
	}
}

type hexID [2]byte

func (h hexID) Hex() string    { return fmt.Sprintf("%x", h[:]) }
func (h hexID) String() string { return "hexID(" + h.Hex() + ")" }

func TestIDOutput(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{"abc", "abc"}, {int64(12), "12"}, {int32(7), "7"}, {uint8(3), "3"},
		{float64(9), "9"}, {[]byte("b"), "b"}, {hexID{0xab, 0x01}, "ab01"},
	} {
		got, err := idOut(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("idOut(%#v): got %#v, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := idOut(1.5); err == nil {
		t.Error("idOut(1.5): got no error")
	}
}
