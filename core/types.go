package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// jsTime is the layout of JavaScript's Date.toJSON: UTC, milliseconds.
const jsTime = "2006-01-02T15:04:05.000Z"

// FormatTime renders t the way Better Auth's JSON does.
func FormatTime(t time.Time) string { return t.UTC().Format(jsTime) }

// User is an account holder as sent to clients. Extra holds the fields
// that plugins or the application added to the user model.
type User struct {
	ID            string
	Name          string
	Email         string
	EmailVerified bool
	Image         *string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Extra         map[string]any

	// extraOrder is the schema order of the Extra keys, kept so that JSON
	// lists them as upstream does; keys missing from it come after, sorted.
	extraOrder []string
}

// Session is a signed-in session as sent to clients, token included.
// Extra holds fields that plugins or the application added.
type Session struct {
	ID        string
	Token     string
	UserID    string
	ExpiresAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	IPAddress string
	UserAgent string
	Extra     map[string]any

	extraOrder []string // as User.extraOrder
}

// SessionData is a session with its user, the body of get-session.
type SessionData struct {
	Session *Session `json:"session"`
	User    *User    `json:"user"`
}

// kv is one member of an object that writeObject renders.
type kv struct {
	k string
	v any
}

// writeObject renders a JSON object with the head members first, then the
// extra ones (see orderedKeys), then the tail, the way upstream's adapters
// order fields: schema fields, then id.
func writeObject(head []kv, extra map[string]any, order []string, tail []kv) ([]byte, error) {
	var b bytes.Buffer
	// One encoder for the whole object, writing as [marshal] does: an
	// Encoder writes nothing for a value that fails, and each value's
	// trailing newline is cut.
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	encode := func(v any) error {
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1)
		return nil
	}
	b.WriteByte('{')
	n := 0
	put := func(k string, v any) error {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		if plainKey(k) {
			b.WriteByte('"')
			b.WriteString(k)
			b.WriteByte('"')
		} else {
			_ = encode(k) // a string always encodes
		}
		b.WriteByte(':')
		if err := encode(jsonValue(v)); err != nil {
			return fmt.Errorf("core: encode %s: %w", k, err)
		}
		return nil
	}
	for _, p := range head {
		if err := put(p.k, p.v); err != nil {
			return nil, err
		}
	}
	for _, k := range orderedKeys(extra, order) {
		if err := put(k, extra[k]); err != nil {
			return nil, err
		}
	}
	for _, p := range tail {
		if err := put(p.k, p.v); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// plainKey reports whether k encodes as itself in quotes: printable
// ASCII without quote or backslash, as field names are.
func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// orderedKeys returns the keys of extra: those in order first, in that
// order, then the rest sorted.
func orderedKeys(extra map[string]any, order []string) []string {
	keys := make([]string, 0, len(extra))
	seen := make(map[string]bool, len(order))
	for _, k := range order {
		if _, ok := extra[k]; ok && !seen[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range extra {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

// decodeObject decodes a JSON object and returns its members with the
// keys in text order. The members are decoded in one call (a token-wise
// decoder costs several times the allocations, and the cookie cache
// decodes a user and a session on every read), then the keys are listed
// by a scan of the now validated text.
func decodeObject(data []byte) (map[string]any, []string, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, nil, fmt.Errorf("core: want a JSON object")
	}
	var m map[string]any
	if err := json.Unmarshal(trimmed, &m); err != nil {
		return nil, nil, err
	}
	return m, objectKeys(trimmed), nil
}

// objectKeys returns the top-level keys of a valid JSON object in text
// order: the strings at depth one that a colon follows.
func objectKeys(data []byte) []string {
	var keys []string
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end := i + 1
			for data[end] != '"' {
				if data[end] == '\\' {
					end++
				}
				end++
			}
			next := bytes.TrimLeft(data[end+1:], " \t\r\n")
			if depth == 1 && len(next) > 0 && next[0] == ':' {
				var k string
				_ = json.Unmarshal(data[i:end+1], &k) // valid: the object decoded
				keys = append(keys, k)
			}
			i = end
		}
	}
	return keys
}

// jsonValue converts times to Better Auth's date strings.
func jsonValue(v any) any {
	switch t := v.(type) {
	case time.Time:
		return FormatTime(t)
	case *time.Time:
		if t == nil {
			return nil
		}
		return FormatTime(*t)
	}
	return v
}

// MarshalJSON renders the user with upstream's key order.
func (u *User) MarshalJSON() ([]byte, error) {
	var img any
	if u.Image != nil {
		img = *u.Image
	}
	return writeObject([]kv{
		{"name", u.Name}, {"email", u.Email}, {"emailVerified", u.EmailVerified},
		{"image", img}, {"createdAt", u.CreatedAt}, {"updatedAt", u.UpdatedAt},
	}, u.Extra, u.extraOrder, []kv{{"id", u.ID}})
}

// MarshalJSON renders the session with upstream's key order.
func (s *Session) MarshalJSON() ([]byte, error) {
	return writeObject([]kv{
		{"expiresAt", s.ExpiresAt}, {"token", s.Token}, {"createdAt", s.CreatedAt},
		{"updatedAt", s.UpdatedAt}, {"ipAddress", s.IPAddress},
		{"userAgent", s.UserAgent}, {"userId", s.UserID},
	}, s.Extra, s.extraOrder, []kv{{"id", s.ID}})
}

// UnmarshalJSON reads a user as rendered by MarshalJSON.
func (u *User) UnmarshalJSON(data []byte) error {
	m, keys, err := decodeObject(data)
	if err != nil {
		return fmt.Errorf("core: decode user: %w", err)
	}
	*u = *userFromMap(m)
	u.extraOrder = keys
	return nil
}

// UnmarshalJSON reads a session as rendered by MarshalJSON.
func (s *Session) UnmarshalJSON(data []byte) error {
	m, keys, err := decodeObject(data)
	if err != nil {
		return fmt.Errorf("core: decode session: %w", err)
	}
	*s = *sessionFromMap(m)
	s.extraOrder = keys
	return nil
}

var userKeys = map[string]bool{"id": true, "name": true, "email": true,
	"emailVerified": true, "image": true, "createdAt": true, "updatedAt": true}

var sessionKeys = map[string]bool{"id": true, "token": true, "userId": true,
	"expiresAt": true, "createdAt": true, "updatedAt": true, "ipAddress": true,
	"userAgent": true}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// timeOf reads a time from a record (time.Time) or from JSON (string).
func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case string:
		if p, err := time.Parse(time.RFC3339Nano, t); err == nil {
			return p.UTC()
		}
	}
	return time.Time{}
}

func extras(m map[string]any, known map[string]bool) map[string]any {
	var out map[string]any
	for k, v := range m {
		if known[k] {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[k] = v
	}
	return out
}

func userFromMap(m map[string]any) *User {
	u := &User{
		ID: str(m["id"]), Name: str(m["name"]), Email: str(m["email"]),
		CreatedAt: timeOf(m["createdAt"]), UpdatedAt: timeOf(m["updatedAt"]),
		Extra: extras(m, userKeys),
	}
	u.EmailVerified, _ = m["emailVerified"].(bool)
	if img, ok := m["image"].(string); ok {
		u.Image = &img
	}
	return u
}

func sessionFromMap(m map[string]any) *Session {
	return &Session{
		ID: str(m["id"]), Token: str(m["token"]), UserID: str(m["userId"]),
		ExpiresAt: timeOf(m["expiresAt"]), CreatedAt: timeOf(m["createdAt"]),
		UpdatedAt: timeOf(m["updatedAt"]), IPAddress: str(m["ipAddress"]),
		UserAgent: str(m["userAgent"]), Extra: extras(m, sessionKeys),
	}
}

// publicRecord drops the fields of a record that must never reach a
// client (upstream's returned:false).
func publicRecord(s *storage.Schema, model string, r storage.Record) map[string]any {
	var m *storage.Model
	if s != nil {
		m = s.Model(model)
	}
	out := make(map[string]any, len(r))
	for k, v := range r {
		if m != nil {
			if f := m.Field(k); f != nil && f.Hidden {
				continue
			}
		}
		out[k] = v
	}
	return out
}

// marshal encodes v as JavaScript's JSON.stringify does, leaving <, > and
// & unescaped, so that messages such as ">=1 characters" match upstream
// byte for byte.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
