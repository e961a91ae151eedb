package conformance

import (
	"sync/atomic"

	"github.com/kernia-go/kernia/core/storage"
)

// This file holds the schema changes the normal cases make, the Go form of
// upstream's test plugins, additional fields and renamed fields and models.

// schemaChanges applies the changes in order.
func schemaChanges(changes ...func(*storage.Schema)) func(*storage.Schema) {
	return func(s *storage.Schema) {
		for _, c := range changes {
			c(s)
		}
	}
}

// testModel adds the fields to the testModel plugin table, creating it.
func testModel(fields ...storage.Field) func(*storage.Schema) {
	return func(s *storage.Schema) {
		s.Add(storage.Model{Name: "testModel", Fields: fields})
	}
}

// userFields adds the fields to the user model (upstream's
// user.additionalFields).
func userFields(fields ...storage.Field) func(*storage.Schema) {
	return func(s *storage.Schema) {
		s.Add(storage.Model{Name: "user", Fields: fields})
	}
}

// defaultFields returns upstream's two string fields with defaults: one a
// constant, one computed by a function.
func defaultFields(required bool) []storage.Field {
	return []storage.Field{
		{Name: "testField", Type: storage.TypeString, Required: required,
			Default: storage.Static("test-value")},
		{Name: "cbDefaultValueField", Type: storage.TypeString, Required: required,
			Default: func() any { return "advanced-test-value" }},
	}
}

// oneToOneTable adds the oneToOneTable plugin table stored as table (its
// logical name when empty): a required, unique oneToOne field that
// references user.id, so that a user has at most one row.
func oneToOneTable(table string) func(*storage.Schema) {
	return func(s *storage.Schema) {
		s.Add(storage.Model{Name: "oneToOneTable", Table: table, Fields: []storage.Field{{
			Name: "oneToOne", Type: storage.TypeString, Required: true, Unique: true,
			References: &storage.Reference{Model: "user", Field: "id"},
		}}})
	}
}

// oneToOneByEmail adds the oneToOneTable plugin table stored as
// one_to_one_table whose oneToOne field, stored as one_to_one, references
// user.email rather than an id.
func oneToOneByEmail() func(*storage.Schema) {
	return func(s *storage.Schema) {
		s.Add(storage.Model{Name: "oneToOneTable", Table: "one_to_one_table",
			Fields: []storage.Field{{
				Name: "oneToOne", Column: "one_to_one", Type: storage.TypeString,
				Required: true, Unique: true,
				References: &storage.Reference{Model: "user", Field: "email"},
			}}})
	}
}

// renameColumn stores model's field under column (upstream's
// fields: {field: column}).
func renameColumn(model, field, column string) func(*storage.Schema) {
	return func(s *storage.Schema) {
		if m := s.Model(model); m != nil {
			if f := m.Field(field); f != nil {
				f.Column = column
			}
		}
	}
}

// renameTable stores model in table (upstream's modelName).
func renameTable(model, table string) func(*storage.Schema) {
	return func(s *storage.Schema) {
		if m := s.Model(model); m != nil {
			m.Table = table
		}
	}
}

// numericField adds upstream's numericField to the user model: a number
// whose default counts up from first, one per created user. The counter
// is made when the change is applied, so every case starts afresh.
func numericField(first int64) func(*storage.Schema) {
	return func(s *storage.Schema) {
		var n atomic.Int64
		n.Store(first)
		next := func() any { return n.Add(1) - 1 }
		userFields(storage.Field{Name: "numericField", Type: storage.TypeNumber,
			Default: next})(s)
	}
}

// organizationTables adds the tables of the organization plugin with
// teams enabled: organization, team, teamMember, member and invitation,
// and the session fields it adds.
func organizationTables() func(*storage.Schema) {
	ref := func(model string) *storage.Reference {
		return &storage.Reference{Model: model, Field: "id"}
	}
	str := storage.TypeString
	date := storage.TypeDate
	return func(s *storage.Schema) {
		s.Add(
			storage.Model{Name: "organization", Fields: []storage.Field{
				{Name: "name", Type: str, Required: true, Sortable: true},
				{Name: "slug", Type: str, Required: true, Unique: true, Sortable: true,
					Index: true},
				{Name: "logo", Type: str},
				{Name: "createdAt", Type: date, Required: true},
				{Name: "metadata", Type: str},
			}},
			storage.Model{Name: "team", Fields: []storage.Field{
				{Name: "name", Type: str, Required: true},
				{Name: "organizationId", Type: str, Required: true, Index: true,
					References: ref("organization")},
				{Name: "createdAt", Type: date, Required: true},
				{Name: "updatedAt", Type: date, OnUpdate: storage.Now},
			}},
			storage.Model{Name: "teamMember", Fields: []storage.Field{
				{Name: "teamId", Type: str, Required: true, Index: true, References: ref("team")},
				{Name: "userId", Type: str, Required: true, Index: true, References: ref("user")},
				{Name: "createdAt", Type: date},
			}},
			storage.Model{Name: "member", Fields: []storage.Field{
				{Name: "organizationId", Type: str, Required: true, Index: true,
					References: ref("organization")},
				{Name: "userId", Type: str, Required: true, Index: true, References: ref("user")},
				{Name: "role", Type: str, Required: true, Sortable: true,
					Default: storage.Static("member")},
				{Name: "createdAt", Type: date, Required: true},
			}},
			storage.Model{Name: "invitation", Fields: []storage.Field{
				{Name: "organizationId", Type: str, Required: true, Index: true,
					References: ref("organization")},
				{Name: "email", Type: str, Required: true, Sortable: true, Index: true},
				{Name: "role", Type: str, Sortable: true},
				{Name: "teamId", Type: str, Sortable: true},
				{Name: "status", Type: str, Required: true, Sortable: true,
					Default: storage.Static("pending")},
				{Name: "expiresAt", Type: date, Required: true},
				{Name: "createdAt", Type: date, Required: true, Default: storage.Now},
				{Name: "inviterId", Type: str, Required: true, References: ref("user")},
			}},
			storage.Model{Name: "session", Fields: []storage.Field{
				{Name: "activeOrganizationId", Type: str},
				{Name: "activeTeamId", Type: str},
			}},
		)
	}
}
