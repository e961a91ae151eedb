package storage

import (
	"fmt"
	"time"
)

// FieldType is the logical type of a field. It decides how values are
// converted on the way into and out of an adapter.
type FieldType string

// The field types a schema can declare.
const (
	TypeString      FieldType = "string"
	TypeNumber      FieldType = "number"
	TypeBoolean     FieldType = "boolean"
	TypeDate        FieldType = "date"
	TypeJSON        FieldType = "json"
	TypeStringArray FieldType = "string[]"
	TypeNumberArray FieldType = "number[]"
)

// OnDelete is what happens to a referencing row when the referenced row is
// deleted. The empty value means [Cascade].
type OnDelete string

// The on-delete behaviours of a [Reference].
const (
	Cascade    OnDelete = "cascade"
	SetNull    OnDelete = "set null"
	Restrict   OnDelete = "restrict"
	NoAction   OnDelete = "no action"
	SetDefault OnDelete = "set default"
)

// Reference declares a foreign key: the field holds the value of Field in
// Model.
type Reference struct {
	Model    string   // logical name of the referenced model
	Field    string   // logical name of the referenced field, usually "id"
	OnDelete OnDelete // "" means Cascade
}

// Action reports the on-delete behaviour, with the default filled in.
func (r *Reference) Action() OnDelete {
	if r.OnDelete == "" {
		return Cascade
	}
	return r.OnDelete
}

// Field describes one field of a [Model]. The id field is never declared:
// every model has one, and its type follows [Schema.IDType].
type Field struct {
	// Name is the logical name, the key in records and in JSON (camelCase).
	Name string
	// Column is the physical column name; empty means Name.
	Column string
	Type   FieldType
	// Required fields must hold a value after defaults are applied.
	Required bool
	Unique   bool
	Index    bool
	Sortable bool
	// BigInt asks for a 64-bit column for a number field.
	BigInt bool
	// Default, when set, supplies the value on create when none is given.
	Default func() any
	// OnUpdate, when set, supplies the value on every update.
	OnUpdate   func() any
	References *Reference
	// Hidden fields are stored and read like any other but never sent to
	// clients (upstream's returned:false), such as account.password.
	Hidden bool
	// NoInput fields cannot be set from client input (upstream's input:false).
	NoInput bool
}

// ColumnName returns the physical column name of the field.
func (f *Field) ColumnName() string {
	if f.Column != "" {
		return f.Column
	}
	return f.Name
}

// Model describes one table or collection.
type Model struct {
	// Name is the logical name, such as "user".
	Name string
	// Table is the physical name; empty means Name, with "s" appended when
	// the schema is plural.
	Table  string
	Fields []Field
}

// Field returns the field with the given logical name, or nil.
func (m *Model) Field(name string) *Field {
	for i := range m.Fields {
		if m.Fields[i].Name == name {
			return &m.Fields[i]
		}
	}
	return nil
}

// IDType is how record identifiers are made and stored.
type IDType string

// The identifier strategies.
const (
	// IDString is the default: 32 characters from [a-zA-Z0-9], made in Go.
	IDString IDType = ""
	// IDSerial leaves the id to the database as an auto-incrementing
	// integer. Ids are still strings in records.
	IDSerial IDType = "serial"
	// IDUUID makes RFC 4122 version 4 UUIDs in Go.
	IDUUID IDType = "uuid"
)

// Schema is the set of models that core and plugins store. Build one with
// [BaseSchema] and [Schema.Add]; adapters read it to create tables.
type Schema struct {
	Models []Model
	// Plural appends "s" to every table name that is not set explicitly.
	Plural bool
	IDType IDType
}

// Model returns the model with the given logical name, or nil.
func (s *Schema) Model(name string) *Model {
	for i := range s.Models {
		if s.Models[i].Name == name {
			return &s.Models[i]
		}
	}
	return nil
}

// TableName returns the physical name of the model's table.
func (s *Schema) TableName(m *Model) string {
	if m.Table != "" {
		if s.Plural {
			return m.Table + "s"
		}
		return m.Table
	}
	if s.Plural {
		return m.Name + "s"
	}
	return m.Name
}

// Add merges models into the schema. A model whose name is already present
// gains the new fields; a field that is already present is replaced, so a
// plugin or the user can override a core field. A non-empty Table on the
// added model renames the existing one.
func (s *Schema) Add(models ...Model) {
	for _, m := range models {
		cur := s.Model(m.Name)
		if cur == nil {
			m.Fields = append([]Field(nil), m.Fields...)
			s.Models = append(s.Models, m)
			continue
		}
		if m.Table != "" {
			cur.Table = m.Table
		}
		for _, f := range m.Fields {
			if old := cur.Field(f.Name); old != nil {
				*old = f
				continue
			}
			cur.Fields = append(cur.Fields, f)
		}
	}
}

// Clone returns a deep copy of the schema, safe to modify.
func (s *Schema) Clone() *Schema {
	c := &Schema{Plural: s.Plural, IDType: s.IDType}
	for _, m := range s.Models {
		m.Fields = append([]Field(nil), m.Fields...)
		for i := range m.Fields {
			if r := m.Fields[i].References; r != nil {
				rc := *r
				m.Fields[i].References = &rc
			}
		}
		c.Models = append(c.Models, m)
	}
	return c
}

// Validate checks that names are unique and that references point at
// existing models and fields.
func (s *Schema) Validate() error {
	seen := map[string]bool{}
	for _, m := range s.Models {
		if m.Name == "" {
			return fmt.Errorf("storage: model with empty name")
		}
		if seen[m.Name] {
			return fmt.Errorf("storage: model %q declared twice", m.Name)
		}
		seen[m.Name] = true
		cols := map[string]bool{"id": true}
		for _, f := range m.Fields {
			if f.Name == "" || f.Name == "id" {
				return fmt.Errorf("storage: model %q: invalid field name %q", m.Name, f.Name)
			}
			if cols[f.ColumnName()] {
				return fmt.Errorf("storage: model %q: column %q used twice", m.Name, f.ColumnName())
			}
			cols[f.ColumnName()] = true
		}
	}
	for _, m := range s.Models {
		for _, f := range m.Fields {
			r := f.References
			if r == nil {
				continue
			}
			target := s.Model(r.Model)
			if target == nil {
				return fmt.Errorf("storage: %s.%s references unknown model %q", m.Name, f.Name, r.Model)
			}
			if r.Field != "id" && target.Field(r.Field) == nil {
				return fmt.Errorf("storage: %s.%s references unknown field %s.%s",
					m.Name, f.Name, r.Model, r.Field)
			}
		}
	}
	return nil
}

// Static returns a default function that always yields v.
func Static(v any) func() any { return func() any { return v } }

// Now is a default function that yields the current time.
func Now() any { return time.Now() }

// BaseSchema returns the four models every Kernia deployment stores: user,
// session, account and verification, with Better Auth's field names, types
// and constraints.
func BaseSchema() *Schema {
	userRef := func() *Reference { return &Reference{Model: "user", Field: "id", OnDelete: Cascade} }
	return &Schema{Models: []Model{
		{Name: "user", Fields: []Field{
			{Name: "name", Type: TypeString, Required: true, Sortable: true},
			{Name: "email", Type: TypeString, Required: true, Unique: true, Sortable: true},
			{Name: "emailVerified", Type: TypeBoolean, Required: true, Default: Static(false), NoInput: true},
			{Name: "image", Type: TypeString},
			{Name: "createdAt", Type: TypeDate, Required: true, Default: Now},
			{Name: "updatedAt", Type: TypeDate, Required: true, Default: Now, OnUpdate: Now},
		}},
		{Name: "session", Fields: []Field{
			{Name: "expiresAt", Type: TypeDate, Required: true},
			{Name: "token", Type: TypeString, Required: true, Unique: true},
			{Name: "createdAt", Type: TypeDate, Required: true, Default: Now},
			{Name: "updatedAt", Type: TypeDate, Required: true, OnUpdate: Now},
			{Name: "ipAddress", Type: TypeString},
			{Name: "userAgent", Type: TypeString},
			{Name: "userId", Type: TypeString, Required: true, Index: true, References: userRef()},
		}},
		{Name: "account", Fields: []Field{
			{Name: "accountId", Type: TypeString, Required: true},
			{Name: "providerId", Type: TypeString, Required: true},
			{Name: "userId", Type: TypeString, Required: true, Index: true, References: userRef()},
			{Name: "accessToken", Type: TypeString, Hidden: true},
			{Name: "refreshToken", Type: TypeString, Hidden: true},
			{Name: "idToken", Type: TypeString, Hidden: true},
			{Name: "accessTokenExpiresAt", Type: TypeDate, Hidden: true},
			{Name: "refreshTokenExpiresAt", Type: TypeDate, Hidden: true},
			{Name: "scope", Type: TypeString},
			{Name: "password", Type: TypeString, Hidden: true},
			{Name: "createdAt", Type: TypeDate, Required: true, Default: Now},
			{Name: "updatedAt", Type: TypeDate, Required: true, OnUpdate: Now},
		}},
		{Name: "verification", Fields: []Field{
			{Name: "identifier", Type: TypeString, Required: true, Index: true},
			{Name: "value", Type: TypeString, Required: true},
			{Name: "expiresAt", Type: TypeDate, Required: true},
			{Name: "createdAt", Type: TypeDate, Required: true, Default: Now},
			{Name: "updatedAt", Type: TypeDate, Required: true, Default: Now, OnUpdate: Now},
		}},
	}}
}

// RateLimitModel is the model that stores rate-limit counters when they are
// kept in the database rather than in memory.
func RateLimitModel() Model {
	return Model{Name: "rateLimit", Fields: []Field{
		{Name: "key", Type: TypeString, Required: true, Unique: true},
		{Name: "count", Type: TypeNumber, Required: true},
		{Name: "lastRequest", Type: TypeNumber, Required: true, BigInt: true},
	}}
}
