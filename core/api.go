package core

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// API calls the routes from Go, without HTTP: the counterpart of Better
// Auth's auth.api. Get it with [Auth.API]; it is safe for concurrent use.
//
// Every method runs the same route as the HTTP server, through the same
// before and after hooks, parameter validation, session requirement and
// handler, so a call behaves as the request would. Only the transport
// steps are skipped: disabled paths, rate limiting and the Origin check.
//
// Conventions shared by all methods:
//   - Each takes a context and one input value, named after the route
//     (SignInEmailInput) or shared by routes of one shape (SessionInput,
//     LinkInput, EmailInput, PasswordInput).
//   - The input's Headers are the request headers the route sees. Routes
//     that need a session read it from the Cookie header there; pass the
//     browser's request headers, or [CookieHeader] of an earlier result.
//   - A result's Header holds the response headers, Set-Cookie lines
//     included, so that server code can forward cookies to the browser.
//   - An error the route answers (a wrong password, a missing session) is
//     an *APIError with the wire code, status and message; test it with
//     errors.Is against the Err values of this package. Storage and other
//     failures are returned wrapped, as they are.
//   - Routes that answer with a redirect set the result's Location.
type API struct{ a *Auth }

// API returns the Go entry to the routes.
func (a *Auth) API() *API { return &API{a: a} }

// CookieHeader turns the Set-Cookie lines of a response header into
// request headers with the matching Cookie line, dropping expired
// cookies, so that one call's cookies can authenticate the next.
func CookieHeader(h http.Header) http.Header {
	resp := http.Response{Header: h}
	var names []string
	live := map[string]*http.Cookie{}
	for _, c := range resp.Cookies() {
		if _, seen := live[c.Name]; !seen {
			names = append(names, c.Name)
		}
		live[c.Name] = c
	}
	var parts []string
	for _, n := range names {
		// Max-Age=0 parses as -1: the response deleted the cookie.
		if c := live[n]; c.MaxAge >= 0 {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	out := http.Header{}
	if len(parts) > 0 {
		out.Set("Cookie", strings.Join(parts, "; "))
	}
	return out
}

// apiCall is one Go call of a route.
type apiCall struct {
	route   *Route
	headers http.Header
	body    map[string]any // nil sends no body
	raw     any            // for Call: any value to send as JSON; nil sends none
	query   url.Values
	params  map[string]string
}

// path returns the route path with its parameters filled in, the path
// hooks see in c.Path.
func (call apiCall) path() string {
	p := call.route.Path
	for k, v := range call.params {
		p = strings.Replace(p, ":"+k, url.PathEscape(v), 1)
	}
	return p
}

// apiResult is what a call answered.
type apiResult struct {
	value    any
	header   http.Header
	location string
}

// find returns the route for a method and path. Advanced.DisabledPaths
// does not apply: as upstream, it closes routes to HTTP clients only, so
// that server code can still, say, create users with sign-up closed.
func (x *API) find(method, path string) (*Route, error) {
	for _, r := range x.a.routes {
		if r.Method == method && r.Path == path {
			return r, nil
		}
	}
	return nil, ErrNotFound
}

// run calls a route through the pipeline stages that do not depend on
// the transport.
func (x *API) run(ctx context.Context, method, path string, call apiCall) (*apiResult, error) {
	if call.route == nil {
		r, err := x.find(method, path)
		if err != nil {
			return nil, err
		}
		call.route = r
	}
	req, err := x.request(ctx, call)
	if err != nil {
		return nil, err
	}
	c := x.a.newContext(req, call.route)
	c.Path, c.Params = call.path(), call.params
	if call.query != nil {
		c.Query = call.query
	}
	var payload any
	switch {
	case call.raw != nil:
		payload = call.raw
	case call.body != nil:
		payload = call.body
	}
	res, err := x.guarded(c, payload)
	if err != nil {
		if _, ok := AsAPIError(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("core: %s %s: %w", method, call.route.Path, err)
	}
	out := &apiResult{value: res, header: c.header}
	if raw, ok := res.(*rawResponse); ok && raw.status == http.StatusFound {
		out.value, out.location = nil, c.header.Get("Location")
	}
	return out, nil
}

// guarded runs the stages and turns a panic into errPanic, as the HTTP
// pipeline does.
func (x *API) guarded(c *Context, body any) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, x.a.panicked(c, p)
		}
	}()
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("core: encode body: %w", err)
		}
		if aerr := c.setJSONBody(raw); aerr != nil {
			return nil, aerr
		}
	}
	return x.a.hooked(c)
}

// request builds the request a route sees for a call.
func (x *API) request(ctx context.Context, call apiCall) (*http.Request, error) {
	origin := "http://localhost"
	if x.a.baseURL != nil {
		origin = x.a.baseURL.String()
	}
	u := origin + x.a.basePath + call.path()
	if len(call.query) > 0 {
		u += "?" + call.query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, call.route.Method, u, nil)
	if err != nil {
		return nil, fmt.Errorf("core: build request: %w", err)
	}
	for k, vs := range call.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req, nil
}

// decode copies a handler's result into out through its JSON form, the
// same bytes an HTTP client gets.
func decode(res *apiResult, out any) error {
	if res.value == nil {
		return nil
	}
	raw, err := marshal(res.value)
	if err != nil {
		return fmt.Errorf("core: encode result: %w", err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("core: decode result: %w", err)
	}
	return nil
}

// body builds a request body from the set members of an input.
type body map[string]any

func (b body) str(k, v string) body {
	if v != "" {
		b[k] = v
	}
	return b
}

func (b body) flag(k string, v *bool) body {
	if v != nil {
		b[k] = *v
	}
	return b
}

func (b body) fields(m map[string]any) body {
	for k, v := range m {
		if _, set := b[k]; !set {
			b[k] = v
		}
	}
	return b
}

// post runs a POST route with a body and decodes its result into out.
func (x *API) post(ctx context.Context, path string, h http.Header, b body,
	out any) (http.Header, error) {
	res, err := x.run(ctx, http.MethodPost, path, apiCall{headers: h, body: b})
	if err != nil {
		return nil, err
	}
	return res.header, decode(res, out)
}

// get runs a GET route with a query and decodes its result into out. On
// error the result is empty.
func (x *API) get(ctx context.Context, path string, h http.Header, q url.Values,
	params map[string]string, out any) (apiResult, error) {
	res, err := x.run(ctx, http.MethodGet, path, apiCall{headers: h, query: q,
		params: params})
	if err != nil {
		return apiResult{}, err
	}
	if err := decode(res, out); err != nil {
		return apiResult{}, err
	}
	return *res, nil
}

// StatusResult is the answer of routes that report {"status": true},
// with a message on some of them.
type StatusResult struct {
	Status  bool   `json:"status"`
	Message string `json:"message,omitempty"`
	Header  http.Header
}

// SuccessResult is the answer of routes that report {"success": true}.
type SuccessResult struct {
	Success bool   `json:"success"`
	Message string `json:"message,omitempty"`
	// Location is set when the route redirected.
	Location string
	Header   http.Header
}

// status runs a POST route that answers a StatusResult.
func (x *API) status(ctx context.Context, path string, h http.Header,
	b body) (*StatusResult, error) {
	out := &StatusResult{}
	hdr, err := x.post(ctx, path, h, b, out)
	return withHeader(out, &out.Header, hdr, err)
}

// success runs a POST route that answers a SuccessResult.
func (x *API) success(ctx context.Context, path string, h http.Header,
	b body) (*SuccessResult, error) {
	out := &SuccessResult{}
	hdr, err := x.post(ctx, path, h, b, out)
	return withHeader(out, &out.Header, hdr, err)
}

// CallInput is a call of any mounted route by its method and path, for
// plugin routes and others without a typed method.
type CallInput struct {
	Method string
	// Path is under the base path, with its parameters filled in, such as
	// "/organization/create" or "/reset-password/abc".
	Path string
	// Body is sent as JSON; nil sends no body.
	Body    any
	Query   url.Values
	Headers http.Header
}

// CallResult is what a route answered: its JSON body (null for none),
// the redirect target if it redirected, and the response headers.
type CallResult struct {
	Body     json.RawMessage
	Location string
	Header   http.Header
}

// Call runs any mounted route, plugin routes included, under the same
// conventions as the typed methods. Decode Body into the type you expect.
func (x *API) Call(ctx context.Context, in CallInput) (*CallResult, error) {
	route, params := x.a.findRoute(in.Method, in.Path)
	if route == nil {
		return nil, ErrNotFound
	}
	res, err := x.run(ctx, in.Method, in.Path, apiCall{route: route, headers: in.Headers,
		raw: in.Body, query: in.Query, params: params})
	if err != nil {
		return nil, err
	}
	out := &CallResult{Location: res.location, Header: res.header, Body: json.RawMessage("null")}
	if raw, ok := res.value.(*rawResponse); ok {
		out.Body = raw.body
	} else if res.value != nil {
		b, err := marshal(res.value)
		if err != nil {
			return nil, fmt.Errorf("core: encode result: %w", err)
		}
		out.Body = b
	}
	return out, nil
}
