// Package conformance is the test suite every Kernia storage adapter must
// pass. An adapter's tests call [Run] with a factory, the way a log/slog
// handler's tests call testing/slogtest:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Config{
//			New: func(t *testing.T, s *storage.Schema) storage.Adapter {
//				return myadapter.New(...) // tables for s must exist
//			},
//		})
//	}
//
// The suite mirrors every case of Better Auth 1.6.11's shared adapter suite
// in the same variants (default ids, serial ids, UUIDs, native joins,
// case-insensitive matching, transactions, auth flow) and adds the cases
// upstream lacks. See README.md for the list.
package conformance

import (
	"fmt"
	"sort"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

// Capability names something an adapter may be unable to do. An adapter
// lists what it lacks in [Config.Lacks]; only the cases that need it are
// skipped, with the reason.
type Capability string

// The capabilities cases can depend on.
const (
	// Transactions: real atomic transactions with rollback.
	Transactions Capability = "transactions"
	// SerialIDs: database-assigned integer ids.
	SerialIDs Capability = "serial-ids"
	// UniqueOnUpdate: an update that breaks a unique constraint is
	// reported as storage.ErrDuplicate.
	UniqueOnUpdate Capability = "unique-on-update"
)

// Config tells [Run] how to get the adapter under test.
type Config struct {
	// New returns an adapter whose database holds the tables, collections
	// or indexes for schema. They may still hold rows from an earlier case:
	// the suite deletes every row before each case. New is called once per
	// case; an implementation may cache by schema to stay fast.
	New func(t *testing.T, schema *storage.Schema) storage.Adapter
	// Lacks lists what the adapter cannot do, each with the reason
	// printed when its cases are skipped.
	Lacks map[Capability]string
}

// Case is one conformance case.
type Case struct {
	// Name is upstream's test name for mirrored cases, or a new name.
	Name string
	// Extra marks a case that upstream's suite does not have.
	Extra bool
	// Needs lists capabilities without which the case is skipped.
	Needs []Capability
	// Schema, when set, changes the suite's schema before the adapter is
	// made (upstream's per-test migrations).
	Schema func(s *storage.Schema)
	// Options, when set, changes the DB options.
	Options func(o *storage.Options)
	// Run performs the case.
	Run func(t *testing.T, h *H)
}

// Variant is one configuration the cases run in.
type Variant struct {
	// Name is the variant's suite name, such as "normal" or "uuid".
	Name   string
	IDType storage.IDType
	// Joins hands joins to adapters that serve them natively.
	Joins bool
}

type suite struct {
	variant Variant
	cases   []Case
}

func suites() []suite {
	normal := normalCases()
	without := func(skip string) []Case {
		var out []Case
		for _, c := range normal {
			if c.Name != skip {
				out = append(out, c)
			}
		}
		return out
	}
	const generateIDCase = "create - should use generateId if provided"
	return []suite{
		{Variant{Name: "normal"}, append([]Case{initCase()}, normal...)},
		{Variant{Name: "number-id", IDType: storage.IDSerial},
			append([]Case{initCase()}, append(numberIDCases(), without(generateIDCase)...)...)},
		{Variant{Name: "joins", Joins: true},
			append([]Case{initCase()}, without(generateIDCase)...)},
		{Variant{Name: "uuid", IDType: storage.IDUUID},
			append([]Case{initCase()}, append(uuidCases(), without(generateIDCase)...)...)},
		{Variant{Name: "case-insensitive"}, insensitiveCases()},
		{Variant{Name: "transactions"}, transactionCases()},
		{Variant{Name: "auth-flow"}, authFlowCases()},
		{Variant{Name: "extra"}, extraCases()},
		{Variant{Name: "extra-joins", Joins: true}, joinExtraCases()},
	}
}

// Summary counts what one [Run] did.
type Summary struct {
	// Adapter is the name the adapter reports in its Capabilities.
	Adapter string
	Ran     int
	Failed  int
	Skipped int
}

// Run runs every case of every variant against the adapter cfg makes, each
// as a subtest named "variant/case", logs how many ran, passed, failed and
// were skipped, and returns those counts.
func Run(t *testing.T, cfg Config) Summary {
	t.Helper()
	if cfg.New == nil {
		t.Fatal("conformance: Config.New is nil")
	}
	var sum Summary
	newAdapter := cfg.New
	cfg.New = func(t *testing.T, s *storage.Schema) storage.Adapter {
		a := newAdapter(t, s)
		if a != nil && sum.Adapter == "" {
			sum.Adapter = a.Capabilities().Name
		}
		return a
	}
	for _, s := range suites() {
		t.Run(s.variant.Name, func(t *testing.T) {
			for _, c := range s.cases {
				reason := missing(cfg, s.variant, c)
				ok := t.Run(c.Name, func(t *testing.T) {
					// A case can also be skipped by the adapter's factory.
					defer func() {
						if t.Skipped() {
							sum.Skipped++
						} else {
							sum.Ran++
						}
					}()
					if reason != "" {
						t.Skip(reason)
					}
					runCase(t, cfg, s.variant, c)
				})
				if !ok {
					sum.Failed++
				}
			}
		})
	}
	t.Logf("conformance: %s: %d cases ran (%d passed, %d failed), %d skipped",
		sum.Adapter, sum.Ran, sum.Ran-sum.Failed, sum.Failed, sum.Skipped)
	return sum
}

func missing(cfg Config, v Variant, c Case) string {
	needs := c.Needs
	if v.IDType == storage.IDSerial {
		needs = append(needs[:len(needs):len(needs)], SerialIDs)
	}
	for _, n := range needs {
		if why, ok := cfg.Lacks[n]; ok {
			return fmt.Sprintf("adapter lacks %s: %s", n, why)
		}
	}
	return ""
}

// CaseInfo describes one case for listings.
type CaseInfo struct {
	Variant string
	Name    string
	Extra   bool
}

// Cases lists every case of every variant, in the order [Run] runs them.
func Cases() []CaseInfo {
	var out []CaseInfo
	for _, s := range suites() {
		for _, c := range s.cases {
			out = append(out, CaseInfo{Variant: s.variant.Name, Name: c.Name, Extra: c.Extra})
		}
	}
	return out
}

// UniqueNames returns the distinct case names, sorted.
func UniqueNames() []string {
	seen := map[string]bool{}
	for _, c := range Cases() {
		seen[c.Name] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
