package audit

import (
	"errors"
	"strings"
	"testing"
)

func TestParseWaivers(t *testing.T) {
	entry := func(item, kind, reason string) string {
		return `{"waivers": [{"item": ` + quote(item) + `, "kind": ` + quote(kind) +
			`, "reason": ` + quote(reason) + `}]}`
	}
	tests := []struct {
		name, data string
		err        string // empty means valid
	}{
		{"plugin", entry("plugin:expo", "not-applicable", "client package"), ""},
		{"route", entry("route:core:POST /sign-in/social", "planned", "later"), ""},
		{"error", entry("error:two-factor:OTP_HAS_EXPIRED", "planned", "later"), ""},
		{"field", entry("field:two-factor:user.twoFactorEnabled", "planned", "later"), ""},
		{"empty file", `{"waivers": []}`, ""},
		{"unknown kind", entry("plugin:expo", "someday", "x"), "kind"},
		{"empty reason", entry("plugin:expo", "planned", "  "), "reason"},
		{"two-line reason", entry("plugin:expo", "planned", "a\nb"), "reason"},
		{"no prefix", entry("expo", "planned", "x"), "kind prefix"},
		{"unknown item kind", entry("table:core:user", "planned", "x"), "unknown item kind"},
		{"core as a plugin", entry("plugin:core", "planned", "x"), "does not name a plugin"},
		{"route without plugin", entry("route:POST /x", "planned", "x"), "<kind>:<plugin>"},
		{"route without method", entry("route:core:/sign-out", "planned", "x"), "METHOD /path"},
		{"lower-case method", entry("route:core:post /sign-out", "planned", "x"), "METHOD /path"},
		{"field without model", entry("field:core:email", "planned", "x"), "model.field"},
		{"unknown key", `{"waivers": [{"item": "plugin:expo", "kind": "planned",
			"reason": "x", "note": "y"}]}`, "unknown field"},
		{"not JSON", `waivers: []`, "decode"},
		{"twice", `{"waivers": [{"item": "plugin:expo", "kind": "planned", "reason": "x"},
			{"item": "plugin:expo", "kind": "planned", "reason": "y"}]}`, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWaivers([]byte(tt.data))
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tt.err != "" && err == nil:
				t.Errorf("got no error, want one about %q", tt.err)
			case tt.err != "" && (!errors.Is(err, ErrBadWaiver) || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("got error %v, want ErrBadWaiver about %q", err, tt.err)
			}
		})
	}
}

func TestFormatWaiversRoundTrip(t *testing.T) {
	in := []Waiver{w("plugin:expo", NotApplicable), {Item: "route:core:GET /a&b", Kind: Planned,
		Reason: `needs "quotes" <and> brackets`}}
	out, err := ParseWaivers(FormatWaivers(in))
	if err != nil {
		t.Fatalf("ParseWaivers(FormatWaivers(...)): %v", err)
	}
	if len(out) != len(in) || out[0] != in[0] || out[1] != in[1] {
		t.Errorf("got %+v, want %+v", out, in)
	}
	if lines := strings.Count(string(FormatWaivers(in)), "\n"); lines != len(in)+4 {
		t.Errorf("got %d lines, want one per waiver plus 4", lines)
	}
}

func TestSuggest(t *testing.T) {
	k := coreOnly()
	k.Routes = k.Routes[1:]         // GET /ok missing
	k.Errors[0].Message = "changed" // a mismatch gets no suggestion
	have := []Waiver{w("field:core:session.userId", Planned)}
	r := Compare(fixture(), k, have)
	got := Suggest(r, have)
	want := []string{"field:core:session.userId", "route:core:GET /ok", "plugin:two-factor"}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want items %v", got, want)
	}
	for i, item := range want {
		if got[i].Item != item || got[i].Kind != Planned {
			t.Errorf("got %+v at %d, want planned %s", got[i], i, item)
		}
	}
	if got[1].Reason != "" {
		t.Errorf("got reason %q for a suggestion, want empty for a person to write", got[1].Reason)
	}
}
