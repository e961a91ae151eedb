package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kernia-go/kernia/core/storage"
)

// codeNamespaceExists is the server's answer to creating a collection that
// exists.
const codeNamespaceExists = 48

// Migrate creates a collection for every model of s, a unique index for
// every unique field and a plain index for every indexed or referencing
// field. It creates what is missing and changes nothing that exists, so
// it is safe to run at every start. An existing index of the same name but
// other options is reported as an error.
//
// Unique indexes on optional fields are sparse: the adapter leaves out a
// nil value of a unique field, so that many documents may lack it.
//
// MongoDB has no foreign keys; as in Better Auth's adapter, references are
// not enforced and on-delete actions are left to the caller.
func (a *Adapter) Migrate(ctx context.Context, s *storage.Schema) error {
	for i := range s.Models {
		m := &s.Models[i]
		name := s.TableName(m)
		err := a.db.CreateCollection(ctx, name)
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.Code == codeNamespaceExists) {
			return wrap("migrate "+name, err)
		}
		idx := indexes(m)
		if len(idx) == 0 {
			continue
		}
		if _, err := a.db.Collection(name).Indexes().CreateMany(ctx, idx); err != nil {
			return wrap("migrate "+name, err)
		}
		a.log.DebugContext(ctx, "mongo: indexes ensured", "collection", name, "count", len(idx))
	}
	return nil
}

// indexes lists the indexes a model needs, named by MongoDB's default
// ("<field>_1").
func indexes(m *storage.Model) []mongo.IndexModel {
	var out []mongo.IndexModel
	for _, f := range m.Fields {
		keys := bson.D{{Key: f.ColumnName(), Value: 1}}
		switch {
		case f.Unique:
			opts := options.Index().SetUnique(true)
			if !f.Required {
				opts.SetSparse(true)
			}
			out = append(out, mongo.IndexModel{Keys: keys, Options: opts})
		case f.Index || f.References != nil:
			out = append(out, mongo.IndexModel{Keys: keys})
		}
	}
	return out
}
