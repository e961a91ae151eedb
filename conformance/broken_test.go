package conformance_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// brokenEnv names the flaw TestBrokenChild gives the memory adapter.
const brokenEnv = "KERNIA_CONFORMANCE_BROKEN"

// The flaws a broken adapter can have; flawNone is the unbroken control.
const (
	flawNone       = "none"
	flawIgnoreNe   = "ignore-ne"
	flawNoRollback = "no-rollback"
	flawNoLimit    = "ignore-limit"
)

// TestBrokenAdapters proves the suite catches broken adapters: for each
// flaw it runs the suite in a child process against the memory adapter
// with that flaw, and wants the child to fail on a case specific to it.
// The control runs the same cases on the unbroken adapter and must pass.
func TestBrokenAdapters(t *testing.T) {
	// The child runs only the cases about the flaw, to stay fast.
	const subset = `^TestBrokenChild$/^(normal|case-insensitive|transactions|extra)$/` +
		`(_ne_|roll|limit)`
	tests := []struct {
		flaw string
		// want holds cases of which at least one must fail; none for the
		// control, which must pass.
		want []string
	}{
		{flawNone, nil},
		{flawIgnoreNe, []string{
			"normal/findMany_-_should_find_many_models_with_ne_operator",
			"case-insensitive/findMany_-_ne_with_mode_insensitive",
			"extra/extra_-_ne_on_a_nullable_field_counts_NULL_as_different",
		}},
		{flawNoRollback, []string{
			"transactions/transaction_-_should_rollback_failing_transaction",
			"extra/extra_-_transaction_rolls_back_every_write",
		}},
		{flawNoLimit, []string{
			"normal/findMany_-_should_find_many_models_with_limit",
			"extra/extra_-_findMany_without_a_limit_returns_100_rows",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.flaw, func(t *testing.T) {
			out, err := runChild(t.Context(), tc.flaw, subset)
			passed := passedCases(out)
			failed := failedCases(out)
			if tc.want == nil {
				if err != nil || len(passed) == 0 {
					t.Fatalf("control: got error %v with %d cases passed, want a pass:\n%s",
						err, len(passed), out)
				}
				return
			}
			if err == nil {
				t.Fatalf("child with %s: got success, want failure:\n%s", tc.flaw, out)
			}
			if !containsAny(failed, tc.want) {
				t.Fatalf("child with %s: failing cases %v, want one of %v:\n%s",
					tc.flaw, failed, tc.want, out)
			}
			t.Logf("%s: %d cases passed, %d failed: %s",
				tc.flaw, len(passed), len(failed), strings.Join(failed, ", "))
		})
	}
}

// runChild runs this test binary's TestBrokenChild with the flaw.
func runChild(ctx context.Context, flaw, pattern string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, os.Args[0],
		"-test.run="+pattern, "-test.v", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), brokenEnv+"="+flaw)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

var (
	failLine = regexp.MustCompile(`(?m)--- FAIL: TestBrokenChild/(\S+/\S+)`)
	passLine = regexp.MustCompile(`(?m)--- PASS: TestBrokenChild/(\S+/\S+)`)
)

func failedCases(out []byte) []string { return matches(failLine, out) }
func passedCases(out []byte) []string { return matches(passLine, out) }

func matches(re *regexp.Regexp, out []byte) []string {
	var names []string
	for _, m := range re.FindAllSubmatch(out, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

func containsAny(got, want []string) bool {
	for _, g := range got {
		for _, w := range want {
			if strings.EqualFold(g, w) {
				return true
			}
		}
	}
	return false
}

// TestBrokenChild runs the suite against the memory adapter with the flaw
// named in the environment. It runs only as TestBrokenAdapters' child.
func TestBrokenChild(t *testing.T) {
	flaw := os.Getenv(brokenEnv)
	if flaw == "" {
		t.Skip("runs only as the child process of TestBrokenAdapters")
	}
	conformance.Run(t, conformance.Config{
		New: func(t *testing.T, s *storage.Schema) storage.Adapter {
			m := memory.New()
			if err := m.Migrate(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			return &broken{Adapter: m, flaw: flaw}
		},
	})
}

// broken wraps an adapter and breaks one behaviour, named by flaw.
type broken struct {
	storage.Adapter
	flaw string
}

// where drops the ne clauses when the flaw is ignore-ne.
func (b *broken) where(w []storage.Where) []storage.Where {
	if b.flaw != flawIgnoreNe {
		return w
	}
	var out []storage.Where
	for _, c := range w {
		if c.Operator != storage.OpNe {
			out = append(out, c)
		}
	}
	return out
}

func (b *broken) query(q storage.Query) storage.Query {
	q.Where = b.where(q.Where)
	return q
}

func (b *broken) FindOne(ctx context.Context, q storage.Query) (storage.Record, error) {
	return b.Adapter.FindOne(ctx, b.query(q))
}

func (b *broken) FindMany(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	q = b.query(q)
	if b.flaw == flawNoLimit {
		q.Limit = math.MaxInt32
	}
	return b.Adapter.FindMany(ctx, q)
}

func (b *broken) Count(ctx context.Context, table string, w []storage.Where) (int64, error) {
	return b.Adapter.Count(ctx, table, b.where(w))
}

func (b *broken) Update(ctx context.Context, table string, w []storage.Where,
	data storage.Record) (storage.Record, error) {
	return b.Adapter.Update(ctx, table, b.where(w), data)
}

func (b *broken) UpdateMany(ctx context.Context, table string, w []storage.Where,
	data storage.Record) (int64, error) {
	return b.Adapter.UpdateMany(ctx, table, b.where(w), data)
}

func (b *broken) Delete(ctx context.Context, table string, w []storage.Where) error {
	return b.Adapter.Delete(ctx, table, b.where(w))
}

func (b *broken) DeleteMany(ctx context.Context, table string, w []storage.Where) (int64, error) {
	return b.Adapter.DeleteMany(ctx, table, b.where(w))
}

func (b *broken) ConsumeOne(ctx context.Context, table string,
	w []storage.Where) (storage.Record, error) {
	return b.Adapter.(storage.OneConsumer).ConsumeOne(ctx, table, b.where(w))
}

// Transaction claims atomicity, as the capabilities say, but with the
// no-rollback flaw runs fn straight on the adapter, so nothing is undone.
func (b *broken) Transaction(ctx context.Context, fn func(tx storage.Adapter) error) error {
	if b.flaw == flawNoRollback {
		return fn(b)
	}
	return b.Adapter.(storage.Transactor).Transaction(ctx, func(tx storage.Adapter) error {
		return fn(&broken{Adapter: tx, flaw: b.flaw})
	})
}
