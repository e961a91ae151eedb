package bun

import (
	"os"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// TestBetterAuthDDL shows that a database made by Better Auth's own
// migrator works as it is: the core tables are created from the DDL in
// testdata, not by Migrate, and every conformance case whose schema is
// the core schema runs against them. Cases that change the schema (serial
// ids, renamed or extra fields and models) need other tables; they are
// skipped here and run in TestConformance.
func TestBetterAuthDDL(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			a := b.open(t)
			stmts := betterAuthDDL(t, b.name)
			base, err := a.DDL(storage.BaseSchema())
			if err != nil {
				t.Fatal(err)
			}
			baseFP := strings.Join(base, ";\n")
			if plan := betterAuthPlan(t, a, stmts); len(plan) != 0 {
				t.Fatalf("Plan on Better Auth's tables: got %q, want nothing to do", plan)
			}
			create := func(t *testing.T, s *storage.Schema) {
				ddl, err := a.DDL(s)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(ddl, ";\n") != baseFP {
					t.Skip("the case changes the core schema; TestConformance runs it")
				}
				execAll(t, a, stmts)
			}
			factory := migratingFactory(a, create)
			ran := 0
			counting := func(t *testing.T, s *storage.Schema) storage.Adapter {
				ad := factory(t, s) // skips the case unless s is the core schema
				ran++
				return ad
			}
			conformance.Run(t, conformance.Config{New: counting})
			t.Logf("%d cases ran on Better Auth's tables", ran)
			if ran < 100 {
				t.Errorf("only %d cases ran on Better Auth's tables, want most of the suite", ran)
			}
		})
	}
}

// betterAuthPlan creates Better Auth's tables, asks for a plan for the
// core schema and drops the tables again.
func betterAuthPlan(t *testing.T, a *Adapter, stmts []string) []string {
	t.Helper()
	execAll(t, a, stmts)
	defer dropAll(t, a)
	plan, err := a.Plan(t.Context(), storage.BaseSchema())
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func betterAuthDDL(t *testing.T, dialect string) []string {
	t.Helper()
	raw, err := os.ReadFile("testdata/betterauth-" + dialect + ".sql")
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "--") {
			continue
		}
		stmts = append(stmts, strings.TrimSuffix(line, ";"))
	}
	return stmts
}

func execAll(t *testing.T, a *Adapter, stmts []string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := a.bun.DB.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
