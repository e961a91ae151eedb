package audit

import (
	"encoding/json"
	"fmt"
	"os"
)

// Manifest is what Better Auth serves, plugin by plugin, as written by
// parity/manifest/generate.mjs. The entry with ID "core" is Better Auth
// without plugins.
type Manifest struct {
	// BetterAuth is the upstream version the manifest was built from.
	BetterAuth string            `json:"betterAuth"`
	Versions   map[string]string `json:"versions,omitempty"`
	Plugins    []UpstreamPlugin  `json:"plugins"`
	// Packages lists upstream packages with no server plugin, for their
	// source folders.
	Packages []UpstreamPackage `json:"packages,omitempty"`
}

// UpstreamPlugin is one upstream plugin, or core.
type UpstreamPlugin struct {
	ID      string          `json:"id"`
	Package string          `json:"package"`
	Sources []string        `json:"sources"`
	Routes  []UpstreamRoute `json:"routes"`
	// APIOnly names endpoints without a path, callable only from server
	// code; they are not audited.
	APIOnly []string    `json:"apiOnly,omitempty"`
	Errors  []ErrorCode `json:"errors"`
	Schema  []ModelSpec `json:"schema"`
}

// UpstreamPackage is an upstream package that is not a server plugin.
type UpstreamPackage struct {
	Package string   `json:"package"`
	What    string   `json:"what"`
	Sources []string `json:"sources"`
}

// UpstreamRoute is one method and path of an upstream endpoint.
type UpstreamRoute struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	// Name is the endpoint's key in auth.api.
	Name string `json:"name,omitempty"`
	// ServerOnly endpoints have a path but are not mounted over HTTP; they
	// are not audited.
	ServerOnly bool `json:"serverOnly,omitempty"`
}

// ErrorCode is a wire error code and its exact message.
type ErrorCode struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ModelSpec is the fields one plugin declares on one model.
type ModelSpec struct {
	Model  string      `json:"model"`
	Fields []FieldSpec `json:"fields"`
}

// FieldSpec describes a field. The audit compares every attribute but Enum
// and HasDefault, which are kept for information: Kernia has no enum type,
// and defaults may be set by the code that creates records.
type FieldSpec struct {
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Enum       []string   `json:"enum,omitempty"`
	Required   bool       `json:"required"`
	Unique     bool       `json:"unique"`
	References *Reference `json:"references,omitempty"`
	Index      bool       `json:"index,omitempty"`
	BigInt     bool       `json:"bigint,omitempty"`
	Sortable   bool       `json:"sortable,omitempty"`
	// Returned and Input are nil when true (upstream's default): false
	// hides the field from clients, or refuses it in client input.
	Returned   *bool `json:"returned,omitempty"`
	Input      *bool `json:"input,omitempty"`
	HasDefault bool  `json:"hasDefault,omitempty"`
}

// Reference is a foreign key.
type Reference struct {
	Model    string `json:"model"`
	Field    string `json:"field"`
	OnDelete string `json:"onDelete"`
}

// LoadManifest reads a manifest file.
func LoadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read manifest: %w", err)
	}
	return ParseManifest(data)
}

// ParseManifest decodes a manifest and checks that it names its plugins
// once each and has a core entry.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("audit: decode manifest: %w", err)
	}
	seen := map[string]bool{}
	for _, p := range m.Plugins {
		if p.ID == "" || seen[p.ID] {
			return nil, fmt.Errorf("audit: manifest: plugin id %q is empty or repeated", p.ID)
		}
		seen[p.ID] = true
	}
	if !seen[CoreID] {
		return nil, fmt.Errorf("audit: manifest: no %q entry", CoreID)
	}
	return &m, nil
}
