package core

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
)

// rawResponse is a handler result sent as it is rather than as JSON.
type rawResponse struct {
	status      int
	contentType string
	body        []byte
}

// serve runs a request through upstream's pipeline: disabled paths, rate
// limit, route match, body parsing, origin check, before hook, validation,
// route middlewares, handler, after hook.
func (a *Auth) serve(w http.ResponseWriter, r *http.Request) {
	rel, ok := a.relPath(r.URL.Path)
	if !ok || a.disabled[rel] {
		a.writeError(w, ErrNotFound)
		return
	}
	ip := a.clientIP(r)
	if a.limiter.enabled() {
		if wait, limited := a.limiter.check(r.Context(), ip, rel); limited {
			a.writeRateLimited(w, wait)
			return
		}
		defer a.limiter.hit(r.Context(), ip, rel)
	}
	route, params := a.findRoute(r.Method, rel)
	if route == nil {
		a.writeError(w, ErrNotFound)
		return
	}
	c := a.newContext(r, route)
	c.Path, c.Params = rel, params
	result, err := a.runGuarded(c, w)
	a.write(w, c, result, err)
}

// errPanic reports a route or hook that panicked.
var errPanic = errors.New("core: handler panicked")

// runGuarded runs the pipeline and turns a panic in a handler or hook
// into a logged 500, so that one faulty plugin cannot drop connections.
// http.ErrAbortHandler is re-raised: it asks net/http to abort.
func (a *Auth) runGuarded(c *Context, w http.ResponseWriter) (res any, err error) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			panic(p)
		}
		res, err = nil, a.panicked(c, p)
	}()
	return a.run(c, w)
}

// panicked logs a recovered panic with its stack and returns errPanic.
func (a *Auth) panicked(c *Context, p any) error {
	a.log.ErrorContext(c.Context(), "core: panic in route", "path", c.logPath(),
		"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	return errPanic
}

// relPath strips the base path; the rest must start with "/".
func (a *Auth) relPath(p string) (string, bool) {
	rel, ok := strings.CutPrefix(p, a.basePath)
	if !ok || !strings.HasPrefix(rel, "/") {
		return "", false
	}
	if a.opts.Advanced.SkipTrailingSlashes && len(rel) > 1 {
		rel = strings.TrimRight(rel, "/")
	}
	return rel, true
}

func (a *Auth) newContext(r *http.Request, route *Route) *Context {
	return &Context{
		Request: r, Query: r.URL.Query(), auth: a, route: route,
		header: http.Header{}, db: a.db, bodyKind: "undefined",
	}
}

// run executes the stages after routing and returns the result to send.
func (a *Auth) run(c *Context, w http.ResponseWriter) (any, error) {
	if err := c.readBody(w); err != nil {
		return nil, err
	}
	if err := c.checkOrigin(); err != nil {
		return nil, err
	}
	return a.hooked(c)
}

// hooked runs the before hooks, the endpoint and the after hooks: the
// stages that Go API calls share with HTTP requests.
func (a *Auth) hooked(c *Context) (any, error) {
	if res, err := a.runBefore(c); err != nil || res != nil {
		return res, err
	}
	res, err := a.endpoint(c)
	return a.runAfter(c, res, err)
}

// endpoint validates, runs the route's middlewares, then its handler.
func (a *Auth) endpoint(c *Context) (any, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if c.route.formCSRF {
		if err := c.checkFormCSRF(); err != nil {
			return nil, err
		}
	}
	if err := c.requireSession(c.route.Session); err != nil {
		return nil, err
	}
	res, err := c.route.Handler(c)
	if err == nil {
		for _, fn := range c.after {
			fn()
		}
	}
	c.after = nil
	return res, err
}

// write sends the result or the error with the headers the request set.
func (a *Auth) write(w http.ResponseWriter, c *Context, result any, err error) {
	h := w.Header()
	for k, vs := range c.header {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	if err != nil {
		ae, ok := AsAPIError(err)
		if !ok {
			a.log.ErrorContext(c.Context(), "core: request failed",
				"path", c.logPath(), "error", err)
			ae = ErrInternal
		}
		a.writeError(w, ae)
		return
	}
	if raw, ok := result.(*rawResponse); ok {
		if raw.contentType != "" {
			h.Set("Content-Type", raw.contentType)
		}
		w.WriteHeader(raw.status)
		_, _ = w.Write(raw.body)
		return
	}
	body, merr := marshal(result)
	if merr != nil {
		a.log.ErrorContext(c.Context(), "core: encode response", "path", c.logPath(),
			"error", merr)
		a.writeError(w, ErrInternal)
		return
	}
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError sends an APIError as upstream does: JSON {"message","code"},
// or an empty JSON response when it carries neither.
func (a *Auth) writeError(w http.ResponseWriter, ae *APIError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(ae.Status)
	if ae.emptyBody() {
		return
	}
	body, _ := marshal(ae) // an APIError always encodes
	_, _ = w.Write(body)
}

// writeRateLimited sends upstream's 429: a JSON message in a text/plain
// response and the wait in X-Retry-After.
func (a *Auth) writeRateLimited(w http.ResponseWriter, wait int) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.Header().Set("X-Retry-After", strconv.Itoa(wait))
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"message":"Too many requests. Please try again later."}`))
}
