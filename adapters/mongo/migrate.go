package mongo

import (
	"context"
	"errors"
	"fmt"

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
// it is safe to run at every start.
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
		idx, err := a.missingIndexes(ctx, name, indexes(m))
		if err != nil {
			return err
		}
		if len(idx) == 0 {
			continue
		}
		if _, err := a.db.Collection(name).Indexes().CreateMany(ctx, idx); err != nil {
			return wrap("migrate "+name, err)
		}
		a.log.InfoContext(ctx, "mongo: indexes created", "collection", name, "count", len(idx))
	}
	return nil
}

// index is one index a model needs.
type index struct {
	name   string
	unique bool
	model  mongo.IndexModel
}

// indexes lists the indexes a model needs, named as MongoDB names them by
// default ("<field>_1").
func indexes(m *storage.Model) []index {
	var out []index
	for _, f := range m.Fields {
		if !f.Unique && !f.Index && f.References == nil {
			continue
		}
		col := f.ColumnName()
		ix := index{name: col + "_1", unique: f.Unique}
		opts := options.Index().SetName(ix.name)
		if f.Unique {
			opts.SetUnique(true)
			if !f.Required {
				opts.SetSparse(true)
			}
		}
		ix.model = mongo.IndexModel{Keys: bson.D{{Key: col, Value: 1}}, Options: opts}
		out = append(out, ix)
	}
	return out
}

// missingIndexes returns the indexes of want that the collection lacks.
// Only those are sent: FerretDB fails on a createIndexes command that
// names existing indexes. An existing index whose uniqueness differs from
// the schema's is an error, since Migrate never drops one.
func (a *Adapter) missingIndexes(ctx context.Context, coll string,
	want []index) ([]mongo.IndexModel, error) {
	specs, err := a.db.Collection(coll).Indexes().ListSpecifications(ctx)
	if err != nil {
		return nil, wrap("migrate "+coll, err)
	}
	have := make(map[string]bool, len(specs))
	for _, s := range specs {
		have[s.Name] = s.Unique != nil && *s.Unique
	}
	var out []mongo.IndexModel
	for _, ix := range want {
		unique, ok := have[ix.name]
		if !ok {
			out = append(out, ix.model)
			continue
		}
		if unique != ix.unique {
			return nil, fmt.Errorf("mongo: migrate %s: index %s has unique=%v, the schema "+
				"wants unique=%v; drop the index to have it remade", coll, ix.name, unique, ix.unique)
		}
	}
	return out, nil
}
