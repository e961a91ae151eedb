package core

import "github.com/kernia-go/kernia/core/storage"

// Plugin extends an [Auth] with routes and models. This is the first,
// deliberately small part of the plugin API: a plugin names itself,
// declares routes (mounted under the base path, run through the same
// pipeline as core routes) and models (merged into [SchemaFor]'s schema).
//
// TODO(plugins): hooks, rate-limit rules, error codes and init callbacks
// for plugins; they need the plugin ports to settle their shape.
type Plugin interface {
	// ID is a short unique name, such as "two-factor".
	ID() string
	// Routes returns the plugin's endpoints.
	Routes() []Route
	// Schema returns the models (or the fields added to core models) the
	// plugin stores.
	Schema() []storage.Model
}
