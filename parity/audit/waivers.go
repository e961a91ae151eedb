package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// WaiverKind says why an upstream item is not matched.
type WaiverKind string

// The waiver kinds.
const (
	// Planned items are not ported yet.
	Planned WaiverKind = "planned"
	// NotApplicable items have no Go counterpart, such as a client package
	// for a JavaScript runtime.
	NotApplicable WaiverKind = "not-applicable"
)

// Waiver excuses one upstream item, or a whole plugin, from the audit.
//
// Item keys:
//
//	plugin:<plugin>                  the plugin and every item it owns
//	route:<plugin>:<METHOD> <path>   such as "route:core:POST /sign-in/social"
//	error:<plugin>:<CODE>            such as "error:two-factor:OTP_HAS_EXPIRED"
//	field:<plugin>:<model>.<field>   such as "field:two-factor:user.twoFactorEnabled"
//
// The plugin of core items is "core". Fields and routes name their plugin
// because several upstream plugins declare the same ones (oidc-provider,
// mcp and oauth-provider share paths and tables).
type Waiver struct {
	Item   string     `json:"item"`
	Kind   WaiverKind `json:"kind"`
	Reason string     `json:"reason"`
}

// ErrBadWaiver reports a waiver file that cannot be used as it is.
var ErrBadWaiver = errors.New("audit: bad waiver")

// LoadWaivers reads a waiver file: a JSON object with a "waivers" array.
func LoadWaivers(path string) ([]Waiver, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read waivers: %w", err)
	}
	return ParseWaivers(data)
}

// ParseWaivers decodes and checks waivers: known kinds, a one-line reason,
// a well-formed item key, and no item twice.
func ParseWaivers(data []byte) ([]Waiver, error) {
	var f struct {
		Waivers []Waiver `json:"waivers"`
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: decode: %v", ErrBadWaiver, err)
	}
	seen := map[string]bool{}
	for i, w := range f.Waivers {
		if err := checkWaiver(w); err != nil {
			return nil, fmt.Errorf("%w: entry %d (%q): %v", ErrBadWaiver, i, w.Item, err)
		}
		if seen[w.Item] {
			return nil, fmt.Errorf("%w: entry %d: %q is waived twice", ErrBadWaiver, i, w.Item)
		}
		seen[w.Item] = true
	}
	return f.Waivers, nil
}

func checkWaiver(w Waiver) error {
	if w.Kind != Planned && w.Kind != NotApplicable {
		return fmt.Errorf("kind %q is neither %q nor %q", w.Kind, Planned, NotApplicable)
	}
	r := strings.TrimSpace(w.Reason)
	if r == "" || strings.ContainsAny(w.Reason, "\r\n") {
		return errors.New("the reason must be one non-empty line")
	}
	_, err := parseKey(w.Item)
	return err
}

// itemKey is a parsed item key.
type itemKey struct {
	kind  string // plugin, route, error or field
	owner string
	rest  string // empty for plugin keys
}

// String renders the key as it is written in waivers.
func (k itemKey) String() string {
	if k.kind == kindPlugin {
		return kindPlugin + ":" + k.owner
	}
	return k.kind + ":" + k.owner + ":" + k.rest
}

// Item kinds.
const (
	kindPlugin = "plugin"
	kindRoute  = "route"
	kindError  = "error"
	kindField  = "field"
)

func parseKey(s string) (itemKey, error) {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok {
		return itemKey{}, fmt.Errorf("item %q has no kind prefix", s)
	}
	if kind == kindPlugin {
		if rest == "" || strings.Contains(rest, ":") || rest == CoreID {
			return itemKey{}, fmt.Errorf("item %q does not name a plugin", s)
		}
		return itemKey{kind: kind, owner: rest}, nil
	}
	owner, what, ok := strings.Cut(rest, ":")
	if !ok || owner == "" || what == "" {
		return itemKey{}, fmt.Errorf("item %q is not <kind>:<plugin>:<what>", s)
	}
	switch kind {
	case kindRoute:
		m, p, ok := strings.Cut(what, " ")
		if !ok || m != strings.ToUpper(m) || !strings.HasPrefix(p, "/") {
			return itemKey{}, fmt.Errorf("route %q is not \"METHOD /path\"", what)
		}
	case kindError:
	case kindField:
		if m, f, ok := strings.Cut(what, "."); !ok || m == "" || f == "" {
			return itemKey{}, fmt.Errorf("field %q is not model.field", what)
		}
	default:
		return itemKey{}, fmt.Errorf("unknown item kind %q", kind)
	}
	return itemKey{kind: kind, owner: owner, rest: what}, nil
}
