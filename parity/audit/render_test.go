package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteText(t *testing.T) {
	k := coreOnly()
	k.Errors[0].Message = "changed"
	r := Compare(fixture(), k, []Waiver{w("plugin:two-factor", Planned),
		w("route:core:GET /gone", Planned)})
	var b bytes.Buffer
	if err := r.WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Kernia parity with Better Auth 1.6.11",
		"two-factor  better-auth  planned",
		"  mismatch  error:core:USER_NOT_FOUND: message \"changed\", upstream \"User not found\"",
		"stale waivers (1):\n  route:core:GET /gone: upstream has no such item",
		"routes      3 ported,    1 planned,   0 not applicable,   0 failing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "result: FAIL (1 unwaived differences, 1 stale waivers)\n") {
		t.Errorf("text does not end with the verdict:\n%s", out)
	}
}

func TestWriteJSON(t *testing.T) {
	r := Compare(fixture(), fullKernia(), nil)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got Report
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Totals != r.Totals || len(got.Plugins) != len(r.Plugins) || !got.OK() {
		t.Errorf("got %+v, want %+v", got.Totals, r.Totals)
	}
}
