package core

import (
	"context"

	"github.com/kernia-go/kernia/core/storage"
)

// Hook runs around route handlers. It sees every route; filter on c.Path.
//
// A before hook runs after routing, body parsing and the origin check, and
// before validation, so it sees the raw body and may change c.Body and
// c.Query. A non-nil result ends the request: it is sent as the 200 JSON
// body and the route and the after hook do not run. An error is answered
// as the route's error would be.
//
// An after hook runs once the route has answered, on errors too, with
// c.Returned holding the result or the *APIError. A non-nil result
// replaces the response body; an error replaces the response with that
// error. Cookies and headers it adds to c.Header() are sent.
type Hook func(c *Context) (any, error)

// Hooks are the request hooks of an [Auth].
type Hooks struct {
	Before Hook
	After  Hook
}

// ModelHooks run around writes to one model. A Before hook may change the
// record it gets (the data of a create or an update, the stored row of a
// delete); returning false skips the write, which routes report as a
// failure (sign-up answers FAILED_TO_CREATE_USER, for example). After
// hooks run once the surrounding transaction has committed.
type ModelHooks struct {
	BeforeCreate func(ctx context.Context, data storage.Record) (bool, error)
	AfterCreate  func(ctx context.Context, rec storage.Record)
	BeforeUpdate func(ctx context.Context, data storage.Record) (bool, error)
	AfterUpdate  func(ctx context.Context, rec storage.Record)
	BeforeDelete func(ctx context.Context, rec storage.Record) (bool, error)
	AfterDelete  func(ctx context.Context, rec storage.Record)
}

// DatabaseHooks are the model hooks for the four core models.
type DatabaseHooks struct {
	User         ModelHooks
	Session      ModelHooks
	Account      ModelHooks
	Verification ModelHooks
}

func (a *Auth) modelHooks(model string) *ModelHooks {
	if h := a.modelHookSet[model]; h != nil {
		return h
	}
	return &ModelHooks{}
}

// chainModelHooks runs a's hooks, then b's. A before hook that vetoes
// or fails stops the chain.
func chainModelHooks(a, b ModelHooks) ModelHooks {
	return ModelHooks{
		BeforeCreate: chainBefore(a.BeforeCreate, b.BeforeCreate),
		AfterCreate:  chainAfter(a.AfterCreate, b.AfterCreate),
		BeforeUpdate: chainBefore(a.BeforeUpdate, b.BeforeUpdate),
		AfterUpdate:  chainAfter(a.AfterUpdate, b.AfterUpdate),
		BeforeDelete: chainBefore(a.BeforeDelete, b.BeforeDelete),
		AfterDelete:  chainAfter(a.AfterDelete, b.AfterDelete),
	}
}

type beforeFn = func(ctx context.Context, r storage.Record) (bool, error)

type afterFn = func(ctx context.Context, r storage.Record)

func chainBefore(a, b beforeFn) beforeFn {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return func(ctx context.Context, r storage.Record) (bool, error) {
		ok, err := a(ctx, r)
		if err != nil || !ok {
			return ok, err
		}
		return b(ctx, r)
	}
}

func chainAfter(a, b afterFn) afterFn {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return func(ctx context.Context, r storage.Record) {
		a(ctx, r)
		b(ctx, r)
	}
}

// runBefore runs the application's before hook, then the plugins'
// matching ones; the first result or error ends the request.
func (a *Auth) runBefore(c *Context) (any, error) {
	if h := a.opts.Hooks.Before; h != nil {
		if res, err := h(c); err != nil || res != nil {
			return res, err
		}
	}
	for _, rh := range a.reqHooks {
		if rh.Before == nil || !rh.matches(c) {
			continue
		}
		if res, err := rh.Before(c); err != nil || res != nil {
			return res, err
		}
	}
	return nil, nil
}

// runAfter runs the application's after hook, then the plugins' matching
// ones. Each sees in c.Returned what the previous stage answered.
func (a *Auth) runAfter(c *Context, res any, err error) (any, error) {
	hooks := make([]Hook, 0, 1+len(a.reqHooks))
	if h := a.opts.Hooks.After; h != nil {
		hooks = append(hooks, h)
	}
	for _, rh := range a.reqHooks {
		if rh.After != nil && rh.matches(c) {
			hooks = append(hooks, rh.After)
		}
	}
	for _, h := range hooks {
		c.Returned = res
		if err != nil {
			c.Returned = err
		}
		hres, herr := h(c)
		switch {
		case herr != nil:
			res, err = nil, herr
		case hres != nil:
			res, err = hres, nil
		}
	}
	return res, err
}
