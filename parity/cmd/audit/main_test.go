package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernia-go/kernia/parity/audit"
)

const (
	manifest = "../../manifest/upstream-1.6.11.json"
	waivers  = "../../waivers.json"
)

func runAudit(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"-manifest", manifest}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestCommitted is the gate CI runs through parity/audit.sh: the committed
// waivers cover every gap, and none is stale.
func TestCommitted(t *testing.T) {
	code, out, errs := runAudit(t, "-waivers", waivers)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "result: PASS") {
		t.Errorf("output lacks the verdict:\n%s", out)
	}
}

func TestJSON(t *testing.T) {
	code, out, _ := runAudit(t, "-waivers", waivers, "-json")
	var r audit.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 {
		t.Fatalf("exit %d, decode: %v", code, err)
	}
	if r.BetterAuth != "1.6.11" || r.Totals.Errors.Ported < 49 {
		t.Errorf("got version %q and %d ported errors, want 1.6.11 and at least 49",
			r.BetterAuth, r.Totals.Errors.Ported)
	}
}

func TestSuggestKeepsTheCommittedFile(t *testing.T) {
	code, out, _ := runAudit(t, "-waivers", waivers, "-suggest")
	if code != 0 {
		t.Fatalf("exit %d, want 0", code)
	}
	got, err := audit.ParseWaivers([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want, err := audit.LoadWaivers(waivers)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("got %d waivers, want the committed %d (nothing unwaived)", len(got), len(want))
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	committed, err := os.ReadFile(waivers)
	if err != nil {
		t.Fatal(err)
	}
	stale := strings.Replace(string(committed), `"waivers": [`,
		`"waivers": [{"item": "route:core:GET /ok", "kind": "planned", "reason": "x"},`, 1)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no waivers", []string{"-waivers", write("empty.json", `{"waivers": []}`)}, 1},
		{"stale waiver", []string{"-waivers", write("stale.json", stale)}, 1},
		{"bad waiver file", []string{"-waivers", write("bad.json", `{"waivers": [{}]}`)}, 2},
		{"missing waiver file", []string{"-waivers", filepath.Join(dir, "none.json")}, 2},
		{"bad flag", []string{"-nope"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, out, errs := runAudit(t, tt.args...); code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errs)
			}
		})
	}
}

// TestQuotedTotals keeps the totals that parity/README.md and
// parity/AUDIT.md quote equal to what the audit prints, so the documents
// cannot drift from the code.
func TestQuotedTotals(t *testing.T) {
	_, out, _ := runAudit(t, "-waivers", waivers)
	i := strings.Index(out, "totals:\n")
	if i < 0 {
		t.Fatalf("output lacks the totals:\n%s", out)
	}
	totals := out[i:]
	for _, doc := range []string{"../../README.md", "../../AUDIT.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), totals) {
			t.Errorf("%s does not quote the current totals; paste these into it:\n%s",
				filepath.Base(doc), totals)
		}
	}
}
