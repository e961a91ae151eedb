package audit

import (
	"fmt"
	"strings"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/core/storage"
)

// CoreID names the owner of everything that no plugin adds, on both sides.
const CoreID = "core"

// Kernia is what Kernia serves, read from a configured [core.Auth] rather
// than from a hand-kept list.
type Kernia struct {
	// Plugins are the IDs of the registered plugins.
	Plugins []string
	Routes  []Route
	Errors  []Error
	Fields  []Field
}

// Route is a route Kernia mounts, its path under the base path.
type Route struct {
	Owner  string
	Method string
	Path   string
}

// Error is an error code Kernia declares.
type Error struct {
	Owner   string
	Code    string
	Message string
}

// Field is a field of Kernia's merged schema and the plugin (or core)
// that declares it.
type Field struct {
	Owner string
	Model string
	Spec  FieldSpec
}

// ErrorLister is implemented by plugins that declare their error codes:
// core's optional [core.ErrorCoder] interface.
type ErrorLister = core.ErrorCoder

// FromCore builds an Auth with opts on an in-memory database (opts.DB is
// replaced) and reads its routes, error codes and merged schema.
func FromCore(opts core.Options) (*Kernia, error) {
	db, err := memory.NewDB(storage.Options{Schema: core.SchemaFor(opts)})
	if err != nil {
		return nil, fmt.Errorf("audit: storage: %w", err)
	}
	opts.DB = db
	a, err := core.New(opts)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	k := &Kernia{}
	for _, r := range a.Routes() {
		owner := r.Plugin
		if owner == "" {
			owner = CoreID
		}
		path := strings.TrimPrefix(r.Path, a.BasePath())
		k.Routes = append(k.Routes, Route{Owner: owner, Method: r.Method, Path: path})
	}
	for _, e := range core.BaseErrors() {
		k.Errors = append(k.Errors, Error{Owner: CoreID, Code: e.Code, Message: e.Message})
	}
	for _, p := range opts.Plugins {
		k.Plugins = append(k.Plugins, p.ID())
		if l, ok := p.(ErrorLister); ok {
			for _, e := range l.ErrorCodes() {
				k.Errors = append(k.Errors, Error{Owner: p.ID(), Code: e.Code, Message: e.Message})
			}
		}
	}
	k.Fields = fieldsOf(opts)
	return k, nil
}

// fieldsOf lists the merged schema's fields, each owned by the last plugin
// that declares it, or by core.
func fieldsOf(opts core.Options) []Field {
	owner := map[string]string{}
	for _, p := range opts.Plugins {
		for _, m := range p.Schema() {
			for _, f := range m.Fields {
				owner[m.Name+"."+f.Name] = p.ID()
			}
		}
	}
	var out []Field
	for _, m := range core.SchemaFor(opts).Models {
		for _, f := range m.Fields {
			o := owner[m.Name+"."+f.Name]
			if o == "" {
				o = CoreID
			}
			out = append(out, Field{Owner: o, Model: m.Name, Spec: specOf(f)})
		}
	}
	return out
}

func specOf(f storage.Field) FieldSpec {
	s := FieldSpec{Name: f.Name, Type: string(f.Type), Required: f.Required, Unique: f.Unique,
		Index: f.Index, BigInt: f.BigInt, Sortable: f.Sortable}
	if f.Hidden {
		s.Returned = new(false)
	}
	if f.NoInput {
		s.Input = new(false)
	}
	if r := f.References; r != nil {
		s.References = &Reference{Model: r.Model, Field: r.Field, OnDelete: string(r.Action())}
	}
	return s
}
