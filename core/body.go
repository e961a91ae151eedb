package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// maxBodyBytes bounds request bodies; auth requests are small.
const maxBodyBytes = 1 << 20

const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// readBody reads and parses the request body into c.Body, answering 415
// for a media type the route does not accept and 400 VALIDATION_ERROR for
// malformed JSON (upstream answers an empty 500 there).
func (c *Context) readBody(w http.ResponseWriter) *APIError {
	c.bodyKind = "undefined"
	if c.Request.Body == nil || c.Request.Body == http.NoBody {
		return nil
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, c.Request.Body, maxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return ErrPayloadTooLarge
		}
		return validationError("[body] Invalid input: unreadable body")
	}
	if len(raw) == 0 {
		return nil
	}
	allowed := []string{mediaJSON}
	if c.route.AllowForm {
		allowed = []string{mediaForm, mediaJSON}
	}
	media, aerr := checkMediaType(c.Request.Header.Get("Content-Type"), allowed)
	if aerr != nil {
		return aerr
	}
	if media == mediaForm {
		c.setFormBody(raw)
		return nil
	}
	return c.setJSONBody(raw)
}

// checkMediaType mirrors upstream: the base type must equal or contain one
// of the allowed types.
func checkMediaType(header string, allowed []string) (string, *APIError) {
	list := strings.Join(allowed, ", ")
	if strings.TrimSpace(header) == "" {
		return "", &APIError{http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
			"Content-Type is required. Allowed types: " + list}
	}
	base, _, err := mime.ParseMediaType(header)
	if err != nil {
		base, _, _ = strings.Cut(header, ";")
	}
	base = strings.ToLower(strings.TrimSpace(base))
	for _, a := range allowed {
		if strings.Contains(base, a) {
			return a, nil
		}
	}
	return "", &APIError{http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
		fmt.Sprintf("Content-Type %q is not allowed. Allowed types: %s", header, list)}
}

func (c *Context) setFormBody(raw []byte) {
	vals, _ := url.ParseQuery(string(raw)) // keeps the pairs it could parse
	c.Body = make(map[string]any, len(vals))
	for k, v := range vals {
		c.Body[k] = v[0]
	}
	c.bodyKind = "object"
}

func (c *Context) setJSONBody(raw []byte) *APIError {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return validationError("[body] Invalid input: malformed JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return validationError("[body] Invalid input: malformed JSON")
	}
	c.bodyKind = JSONKind(v)
	if m, ok := v.(map[string]any); ok {
		c.Body = m
	}
	return nil
}

// JSONKind names a value decoded from JSON (with UseNumber or without) the
// way zod's validation messages do: "null", "object", "array", "string",
// "boolean" or "number". Plugins use it to word their VALIDATION_ERROR
// messages as core's.
func JSONKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	}
	return "unknown"
}

// emailPattern is zod 4's default email check; RE2 has no lookahead, so
// the leading-dot and double-dot rules are checked separately.
var emailPattern = regexp.MustCompile(
	`^[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`)

// ValidEmail reports whether s passes zod's default email check, the one
// Better Auth applies to every email parameter. Plugins use it for their
// own email fields.
func ValidEmail(s string) bool {
	return !strings.HasPrefix(s, ".") && !strings.Contains(s, "..") && emailPattern.MatchString(s)
}

// validate checks the body and query against the route's declared
// parameters and answers upstream's VALIDATION_ERROR message.
func (c *Context) validate() *APIError {
	r := c.route
	if len(r.Body) > 0 || r.BodyRequired {
		if c.bodyKind != "object" {
			// A route that declares no parameters takes any record.
			want := "object"
			if len(r.Body) == 0 {
				want = "record"
			}
			msg := "[body] Invalid input: expected " + want + ", received " + c.bodyKind
			if r.openBody {
				// Upstream's schema is an object joined with a record, and
				// both halves report.
				msg += "; [body] Invalid input: expected record, received " + c.bodyKind
			}
			return validationError(msg)
		}
		if issues := checkParams("body", r.Body, c.Body); len(issues) > 0 {
			return validationError(strings.Join(issues, "; "))
		}
	}
	if len(r.Query) == 0 {
		return nil
	}
	q := make(map[string]any, len(c.Query))
	for k, v := range c.Query {
		q[k] = v[0]
	}
	if issues := checkParams("query", r.Query, q); len(issues) > 0 {
		return validationError(strings.Join(issues, "; "))
	}
	return nil
}

func checkParams(where string, params []Param, in map[string]any) []string {
	var issues []string
	for _, p := range params {
		v, present := in[p.Name]
		if msg := checkParam(p, v, present); msg != "" {
			issues = append(issues, fmt.Sprintf("[%s.%s] %s", where, p.Name, msg))
		}
	}
	return issues
}

func checkParam(p Param, v any, present bool) string {
	want := "string"
	if p.Type == ParamBool {
		want = "boolean"
	}
	if !present {
		if p.Required {
			return "Invalid input: expected " + want + ", received undefined"
		}
		return ""
	}
	kind := JSONKind(v)
	switch {
	case p.Type == ParamFlag:
		return ""
	case p.Type == ParamNullableString && kind == "null":
		return ""
	case kind != want:
		return "Invalid input: expected " + want + ", received " + kind
	}
	s, _ := v.(string)
	switch {
	case p.Type == ParamEmail && !ValidEmail(s):
		return "Invalid email address"
	case p.NonEmpty && s == "":
		return "Too small: expected string to have >=1 characters"
	}
	return ""
}

// bodyString returns a string body field, or "" when it is absent or not
// a string.
func (c *Context) bodyString(name string) string {
	s, _ := c.Body[name].(string)
	return s
}

// bodyBool returns a boolean body field and whether it was given.
func (c *Context) bodyBool(name string) (bool, bool) {
	b, ok := c.Body[name].(bool)
	return b, ok
}

// flag reads a coerce-boolean query parameter: any non-empty value is
// true, including "false", as upstream.
func (c *Context) flag(name string) bool { return c.Query.Get(name) != "" }
