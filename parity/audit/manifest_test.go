package audit

import (
	"strings"
	"testing"
)

// committedManifest is the manifest the audit runs against in CI.
const committedManifest = "../manifest/upstream-1.6.11.json"

func TestParseManifestErrors(t *testing.T) {
	tests := []struct{ name, data, err string }{
		{"not JSON", `{`, "decode"},
		{"no core", `{"plugins": [{"id": "jwt"}]}`, `no "core"`},
		{"repeated id", `{"plugins": [{"id": "core"}, {"id": "core"}]}`, "repeated"},
		{"empty id", `{"plugins": [{"id": "core"}, {"id": ""}]}`, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("got error %v, want one about %q", err, tt.err)
			}
		})
	}
}

// TestCommittedManifest checks the committed manifest against what is known
// of Better Auth 1.6.11: 31 core endpoints (30 with a path, two of them
// with two methods), 49 base error codes, and the plugins of the catalog.
func TestCommittedManifest(t *testing.T) {
	m, err := LoadManifest(committedManifest)
	if err != nil {
		t.Fatal(err)
	}
	if m.BetterAuth != "1.6.11" {
		t.Errorf("got version %q, want 1.6.11", m.BetterAuth)
	}
	core := m.Plugins[0]
	if core.ID != CoreID || len(core.Routes) != 32 || len(core.Errors) != 49 {
		t.Errorf("got core %s with %d routes and %d errors, want core with 32 and 49",
			core.ID, len(core.Routes), len(core.Errors))
	}
	if len(m.Plugins) != 35 {
		t.Errorf("got %d entries, want core and 34 plugins", len(m.Plugins))
	}
	for _, p := range m.Plugins {
		if len(p.Sources) == 0 {
			t.Errorf("%s: no source folders", p.ID)
		}
		for _, e := range p.Errors {
			if e.Code == "" || e.Message == "" {
				t.Errorf("%s: error %+v lacks a code or a message", p.ID, e)
			}
		}
	}
}
