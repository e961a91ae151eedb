package memory

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

func seed(t *testing.T, rows ...storage.Record) *Adapter {
	t.Helper()
	a := New()
	for _, r := range rows {
		if _, err := a.Create(t.Context(), "t", r); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return a
}

func ids(rows []storage.Record) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r["id"].(int64))
	}
	return out
}

func w(field string, op storage.Operator, v any, conn storage.Connector) storage.Where {
	if conn == "" {
		conn = storage.And
	}
	return storage.Where{Field: field, Operator: op, Value: v, Connector: conn, Mode: storage.Sensitive}
}

func TestWhere(t *testing.T) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	a := seed(t,
		storage.Record{"name": "Ann", "n": int64(1), "at": day, "ok": true, "img": nil},
		storage.Record{"name": "bob", "n": int64(2), "at": day.Add(time.Hour), "ok": false, "img": "x"},
		storage.Record{"name": "b%b", "n": int64(3), "at": day.Add(2 * time.Hour), "ok": true, "img": "y"},
	)
	ci := func(x storage.Where) storage.Where { x.Mode = storage.Insensitive; return x }
	tests := []struct {
		name  string
		where []storage.Where
		want  []int64
	}{
		{"none", nil, []int64{1, 2, 3}},
		{"eq", []storage.Where{w("name", storage.OpEq, "bob", "")}, []int64{2}},
		{"eq insensitive", []storage.Where{ci(w("name", storage.OpEq, "ANN", ""))}, []int64{1}},
		{"eq nil", []storage.Where{w("img", storage.OpEq, nil, "")}, []int64{1}},
		{"ne nil", []storage.Where{w("img", storage.OpNe, nil, "")}, []int64{2, 3}},
		{"ne value matches null", []storage.Where{w("img", storage.OpNe, "x", "")}, []int64{1, 3}},
		{"not_in matches null", []storage.Where{w("img", storage.OpNotIn, []any{"y"}, "")}, []int64{1, 2}},
		{"in", []storage.Where{w("n", storage.OpIn, []any{int64(1), int64(3)}, "")}, []int64{1, 3}},
		{"in empty", []storage.Where{w("n", storage.OpIn, []any{}, "")}, []int64{}},
		{"not_in empty", []storage.Where{w("n", storage.OpNotIn, []any{}, "")}, []int64{1, 2, 3}},
		{"gt int", []storage.Where{w("n", storage.OpGt, int64(1), "")}, []int64{2, 3}},
		{"lte float", []storage.Where{w("n", storage.OpLte, 2.5, "")}, []int64{1, 2}},
		{"lt date", []storage.Where{w("at", storage.OpLt, day.Add(time.Hour), "")}, []int64{1}},
		{"gt on null never", []storage.Where{w("img", storage.OpGt, "a", "")}, []int64{2, 3}},
		{"bool", []storage.Where{w("ok", storage.OpEq, true, "")}, []int64{1, 3}},
		{"contains literal %", []storage.Where{w("name", storage.OpContains, "%", "")}, []int64{3}},
		{"starts insensitive", []storage.Where{ci(w("name", storage.OpStartsWith, "B", ""))}, []int64{2, 3}},
		{"ends", []storage.Where{w("name", storage.OpEndsWith, "b", "")}, []int64{2, 3}},
		{"all or", []storage.Where{w("n", storage.OpEq, int64(1), storage.Or),
			w("n", storage.OpEq, int64(3), storage.Or)}, []int64{1, 3}},
		{"and with or group", []storage.Where{w("ok", storage.OpEq, true, ""),
			w("n", storage.OpEq, int64(1), storage.Or), w("n", storage.OpEq, int64(2), storage.Or)},
			[]int64{1}},
		{"or first then and", []storage.Where{w("n", storage.OpEq, int64(2), storage.Or),
			w("ok", storage.OpEq, true, "")}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := a.FindMany(t.Context(), storage.Query{Table: "t", Where: tt.where})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(rows); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got ids %v, want %v", got, tt.want)
			}
			n, err := a.Count(t.Context(), "t", tt.where)
			if err != nil || n != int64(len(tt.want)) {
				t.Errorf("count: got %d, %v; want %d", n, err, len(tt.want))
			}
		})
	}
}

func TestWhereErrors(t *testing.T) {
	a := seed(t, storage.Record{"name": "a", "n": int64(1)})
	for _, where := range [][]storage.Where{
		{w("n", storage.OpGt, "x", "")},
		{w("n", storage.OpIn, "x", "")},
		{w("name", storage.OpContains, 1, "")},
		{w("name", "like", "a", "")},
	} {
		_, err := a.FindMany(t.Context(), storage.Query{Table: "t", Where: where})
		if !errors.Is(err, storage.ErrInvalidQuery) {
			t.Errorf("%v: got %v, want ErrInvalidQuery", where, err)
		}
	}
}

func TestSortOffsetLimit(t *testing.T) {
	a := seed(t, storage.Record{"s": "b"}, storage.Record{"s": nil}, storage.Record{"s": "a"},
		storage.Record{"s": "b"})
	tests := []struct {
		q    storage.Query
		want []int64
	}{
		{storage.Query{SortBy: &storage.SortBy{Field: "s"}}, []int64{2, 3, 1, 4}},
		{storage.Query{SortBy: &storage.SortBy{Field: "s", Desc: true}}, []int64{1, 4, 3, 2}},
		{storage.Query{SortBy: &storage.SortBy{Field: "s"}, Offset: 1, Limit: 2}, []int64{3, 1}},
		{storage.Query{Offset: 10}, []int64{}},
	}
	for _, tt := range tests {
		tt.q.Table = "t"
		rows, err := a.FindMany(t.Context(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(rows); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestCopies(t *testing.T) {
	tags := []string{"a"}
	doc := map[string]any{"k": []any{"v"}}
	a := seed(t, storage.Record{"tags": tags, "doc": doc})
	tags[0] = "changed"
	doc["k"].([]any)[0] = "changed"
	got, err := a.FindOne(t.Context(), storage.Query{Table: "t"})
	if err != nil {
		t.Fatal(err)
	}
	got["tags"].([]string)[0] = "changed too"
	again, _ := a.FindOne(t.Context(), storage.Query{Table: "t"})
	if again["tags"].([]string)[0] != "a" || again["doc"].(map[string]any)["k"].([]any)[0] != "v" {
		t.Errorf("got %v, want the stored values untouched", again)
	}
}

func TestUniqueAndSerial(t *testing.T) {
	a := New()
	ctx := t.Context()
	s := &storage.Schema{Models: []storage.Model{{Name: "t", Fields: []storage.Field{
		{Name: "email", Type: storage.TypeString, Unique: true}}}}}
	if err := a.Migrate(ctx, s); err != nil {
		t.Fatal(err)
	}
	r1, _ := a.Create(ctx, "t", storage.Record{"email": "a"})
	r2, _ := a.Create(ctx, "t", storage.Record{"email": "b"})
	if r1["id"] != int64(1) || r2["id"] != int64(2) {
		t.Errorf("got ids %v %v, want serial 1 and 2", r1["id"], r2["id"])
	}
	if _, err := a.Create(ctx, "t", storage.Record{"email": "a"}); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("create: got %v, want ErrDuplicate", err)
	}
	_, err := a.Create(ctx, "t", storage.Record{"id": int64(2), "email": "c"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate id: got %v, want ErrDuplicate", err)
	}
	_, err = a.UpdateMany(ctx, "t", nil, storage.Record{"email": "same"})
	if !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("updateMany: got %v, want ErrDuplicate", err)
	}
	if _, err := a.Create(ctx, "t", storage.Record{"email": nil}); err != nil {
		t.Errorf("NULL is not a duplicate: got %v", err)
	}
	if _, err := a.Create(ctx, "t", storage.Record{"email": nil}); err != nil {
		t.Errorf("NULL is not a duplicate: got %v", err)
	}
	if n, _ := a.Count(ctx, "t", []storage.Where{w("email", storage.OpEq, "same", "")}); n != 0 {
		t.Errorf("failed updateMany changed %d rows, want 0", n)
	}
}

func TestConsumeOneConcurrent(t *testing.T) {
	a := seed(t, storage.Record{"k": "x"}, storage.Record{"k": "x"})
	var wins atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := a.ConsumeOne(context.Background(), "t", []storage.Where{w("k", storage.OpEq, "x", "")})
			if err != nil {
				t.Error(err)
			}
			if r != nil {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 2 {
		t.Errorf("got %d winners, want 2 (one per row)", wins.Load())
	}
}

func TestTransactions(t *testing.T) {
	ctx := t.Context()
	a := seed(t, storage.Record{"v": "keep"})
	boom := errors.New("boom")
	err := a.Transaction(ctx, func(tx storage.Adapter) error {
		if _, err := tx.Create(ctx, "t", storage.Record{"v": "outer"}); err != nil {
			return err
		}
		if _, err := tx.Create(ctx, "new", storage.Record{"v": "x"}); err != nil {
			return err
		}
		inner := tx.(storage.Transactor).Transaction(ctx, func(tx2 storage.Adapter) error {
			if _, err := tx2.DeleteMany(ctx, "t", nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(inner, boom) {
			t.Errorf("inner: got %v, want boom", inner)
		}
		n, _ := tx.Count(ctx, "t", nil)
		if n != 2 {
			t.Errorf("after savepoint rollback: got %d rows, want 2", n)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	rows, _ := a.FindMany(ctx, storage.Query{Table: "t"})
	if len(rows) != 1 || rows[0]["v"] != "keep" {
		t.Errorf("got %v, want only the first row", rows)
	}
	if n, _ := a.Count(ctx, "new", nil); n != 0 {
		t.Errorf("table made in a failed transaction has %d rows, want 0", n)
	}

	var leaked storage.Adapter
	if err := a.Transaction(ctx, func(tx storage.Adapter) error {
		leaked = tx
		_, err := tx.Create(ctx, "t", storage.Record{"v": "committed"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.Count(ctx, "t", nil); n != 2 {
		t.Errorf("after commit: got %d rows, want 2", n)
	}
	if _, err := leaked.Count(ctx, "t", nil); err == nil {
		t.Error("using a finished transaction: got no error")
	}
}

func TestTransactionPanicRollsBack(t *testing.T) {
	ctx := t.Context()
	a := seed(t)
	func() {
		defer func() { _ = recover() }()
		_ = a.Transaction(ctx, func(tx storage.Adapter) error {
			_, _ = tx.Create(ctx, "t", storage.Record{"v": 1})
			panic("boom")
		})
	}()
	if n, err := a.Count(ctx, "t", nil); n != 0 || err != nil {
		t.Errorf("got %d rows, %v; want 0 after a panic", n, err)
	}
}

func TestNativeJoin(t *testing.T) {
	ctx := t.Context()
	a := New()
	u, _ := a.Create(ctx, "user", storage.Record{"name": "u"})
	for range 3 {
		_, _ = a.Create(ctx, "session", storage.Record{"userId": u["id"]})
	}
	got, err := a.FindOne(ctx, storage.Query{Table: "user", Select: []string{"name"},
		Joins: []storage.Join{
			{Key: "session", Table: "session", From: "id", To: "userId", Limit: 2},
			{Key: "acct", Table: "account", From: "id", To: "userId", Unique: true, Limit: 1},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if s := got["session"].([]storage.Record); len(s) != 2 {
		t.Errorf("got %d sessions, want 2", len(s))
	}
	if v, ok := got["acct"]; !ok || v != nil {
		t.Errorf("got acct %#v, want nil", v)
	}
	if _, ok := got["id"]; ok {
		t.Error("got id, want only the selected name")
	}
}

func TestCancelled(t *testing.T) {
	a := New()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := a.Create(ctx, "t", storage.Record{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestOuterCallInsideTransactionGivesUp(t *testing.T) {
	ctx := t.Context()
	a := New()
	a.wait = 50 * time.Millisecond
	err := a.Transaction(ctx, func(tx storage.Adapter) error {
		_, err := a.Count(ctx, "t", nil) // the outer adapter: a mistake
		return err
	})
	if !errors.Is(err, errWaited) {
		t.Fatalf("got %v, want errWaited", err)
	}
	a.wait = time.Minute
	cctx, cancel := context.WithCancel(ctx)
	err = a.Transaction(ctx, func(tx storage.Adapter) error {
		time.AfterFunc(20*time.Millisecond, cancel) // ends the wait, not the call's start
		_, err := a.Count(cctx, "t", nil)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
