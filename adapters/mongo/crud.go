package mongo

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kernia-go/kernia/core/storage"
)

// Create inserts data. Without an id the server assigns an ObjectId.
func (a *Adapter) Create(ctx context.Context, tbl string,
	data storage.Record) (storage.Record, error) {
	c, t := a.coll(tbl)
	doc, _, err := a.document(t, data)
	if err != nil {
		return nil, err
	}
	res, err := c.InsertOne(a.ctx(ctx), doc)
	if err != nil {
		return nil, wrap("create "+tbl, err)
	}
	out := maps.Clone(data)
	if _, ok := out[idColumn]; !ok {
		if oid, ok := res.InsertedID.(bson.ObjectID); ok {
			out[idColumn] = oid.Hex()
		}
	}
	return out, nil
}

// FindOne returns the first document matching q, with its joins.
func (a *Adapter) FindOne(ctx context.Context, q storage.Query) (storage.Record, error) {
	c, t := a.coll(q.Table)
	filter, err := a.filter(t, q.Where)
	if err != nil {
		return nil, err
	}
	opts := options.FindOne()
	if proj := projection(q); proj != nil {
		opts.SetProjection(proj)
	}
	if q.SortBy != nil {
		opts.SetSort(sortDoc(q.SortBy))
	}
	raw, err := c.FindOne(a.ctx(ctx), filter, opts).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("find "+q.Table, err)
	}
	rec, err := record(t, raw)
	if err != nil {
		return nil, err
	}
	recs := []storage.Record{rec}
	if err := a.join(ctx, recs, q); err != nil {
		return nil, err
	}
	return rec, nil
}

// FindMany returns the documents matching q: filtered, sorted, skipped,
// limited, then joined.
func (a *Adapter) FindMany(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	c, t := a.coll(q.Table)
	filter, err := a.filter(t, q.Where)
	if err != nil {
		return nil, err
	}
	opts := options.Find()
	if proj := projection(q); proj != nil {
		opts.SetProjection(proj)
	}
	if q.SortBy != nil {
		opts.SetSort(sortDoc(q.SortBy))
	}
	if q.Offset > 0 {
		opts.SetSkip(int64(q.Offset))
	}
	if q.Limit > 0 {
		opts.SetLimit(int64(q.Limit))
	}
	cur, err := c.Find(a.ctx(ctx), filter, opts)
	if err != nil {
		return nil, wrap("find "+q.Table, err)
	}
	recs, err := readAll(a.ctx(ctx), cur, t)
	if err != nil {
		return nil, wrap("find "+q.Table, err)
	}
	if err := a.join(ctx, recs, q); err != nil {
		return nil, err
	}
	return recs, nil
}

// sortDoc orders by the field, then by _id, so that pages of equal sort
// keys do not overlap.
func sortDoc(by *storage.SortBy) bson.D {
	dir := 1
	if by.Desc {
		dir = -1
	}
	sort := bson.D{{Key: fieldName(by.Field), Value: dir}}
	if by.Field != idColumn {
		sort = append(sort, bson.E{Key: idField, Value: dir})
	}
	return sort
}

// readAll drains a cursor into records and closes it.
func readAll(ctx context.Context, cur *mongo.Cursor, t *table) ([]storage.Record, error) {
	defer cur.Close(ctx)
	recs := make([]storage.Record, 0, cur.RemainingBatchLength())
	for cur.Next(ctx) {
		rec, err := record(t, cur.Current)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	return recs, cur.Err()
}

// projection selects the requested columns plus those the joins read.
// It returns nil for all columns.
func projection(q storage.Query) bson.D {
	if q.Select == nil {
		return nil
	}
	proj := make(bson.D, 0, len(q.Select)+len(q.Joins)+1)
	seen := map[string]bool{}
	add := func(col string) {
		if !seen[col] {
			seen[col] = true
			proj = append(proj, bson.E{Key: fieldName(col), Value: 1})
		}
	}
	for _, col := range q.Select {
		add(col)
	}
	for _, j := range q.Joins {
		add(j.From)
	}
	if !seen[idColumn] {
		proj = append(proj, bson.E{Key: idField, Value: 0})
	}
	return proj
}

// Count returns the number of documents matching where.
func (a *Adapter) Count(ctx context.Context, tbl string, where []storage.Where) (int64, error) {
	c, t := a.coll(tbl)
	filter, err := a.filter(t, where)
	if err != nil {
		return 0, err
	}
	n, err := c.CountDocuments(a.ctx(ctx), filter)
	if err != nil {
		return 0, wrap("count "+tbl, err)
	}
	return n, nil
}

// Update sets data on every document matching where and returns one of
// them after the change.
//
// The first document is updated with findAndModify, which returns it. When
// where cannot match more than one document (an AND equality on a unique
// column), that is all; otherwise an updateMany with the same filter
// reaches the others.
func (a *Adapter) Update(ctx context.Context, tbl string, where []storage.Where,
	data storage.Record) (storage.Record, error) {
	c, t := a.coll(tbl)
	filter, set, err := a.updateArgs(t, where, data)
	if err != nil {
		return nil, err
	}
	if set == nil {
		return a.FindOne(ctx, storage.Query{Table: tbl, Where: where})
	}
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	raw, err := c.FindOneAndUpdate(a.ctx(ctx), filter, set, opts).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("update "+tbl, err)
	}
	if !single(t, where) {
		if _, err := c.UpdateMany(a.ctx(ctx), filter, set); err != nil {
			return nil, wrap("update "+tbl, err)
		}
	}
	return record(t, raw)
}

// single reports whether where pins at most one document: an AND
// equality with a non-nil value on a unique column.
func single(t *table, where []storage.Where) bool {
	for _, w := range where {
		if w.Connector != storage.Or && w.Operator == storage.OpEq &&
			w.Value != nil && w.Mode != storage.Insensitive && t.isUnique(w.Field) {
			return true
		}
	}
	return false
}

// UpdateMany sets data on every document matching where and returns how
// many matched.
func (a *Adapter) UpdateMany(ctx context.Context, tbl string, where []storage.Where,
	data storage.Record) (int64, error) {
	c, t := a.coll(tbl)
	filter, set, err := a.updateArgs(t, where, data)
	if err != nil {
		return 0, err
	}
	if set == nil {
		return a.Count(ctx, tbl, where)
	}
	res, err := c.UpdateMany(a.ctx(ctx), filter, set)
	if err != nil {
		return 0, wrap("update "+tbl, err)
	}
	return res.MatchedCount, nil
}

// updateArgs builds the filter and the update document, nil when data is
// empty. Values go only into $set, never into an update pipeline, so a
// string starting with "$" is stored as it is.
func (a *Adapter) updateArgs(t *table, where []storage.Where,
	data storage.Record) (filter, update bson.D, err error) {
	if filter, err = a.filter(t, where); err != nil {
		return nil, nil, err
	}
	doc, unset, err := a.document(t, data)
	if err != nil {
		return nil, nil, err
	}
	if len(doc) > 0 {
		update = append(update, bson.E{Key: "$set", Value: doc})
	}
	if len(unset) > 0 {
		cols := make(bson.D, len(unset))
		for i, col := range unset {
			cols[i] = bson.E{Key: col, Value: ""}
		}
		update = append(update, bson.E{Key: "$unset", Value: cols})
	}
	return filter, update, nil
}

// Delete removes every document matching where.
func (a *Adapter) Delete(ctx context.Context, tbl string, where []storage.Where) error {
	_, err := a.DeleteMany(ctx, tbl, where)
	return err
}

// DeleteMany removes every document matching where and returns how many
// it removed.
func (a *Adapter) DeleteMany(ctx context.Context, tbl string,
	where []storage.Where) (int64, error) {
	c, t := a.coll(tbl)
	filter, err := a.filter(t, where)
	if err != nil {
		return 0, err
	}
	res, err := c.DeleteMany(a.ctx(ctx), filter)
	if err != nil {
		return 0, wrap("delete "+tbl, err)
	}
	return res.DeletedCount, nil
}

// ConsumeOne atomically finds one document matching where and deletes it.
// It reads a candidate, then deletes it by id under the same filter; the
// caller whose delete removed the document gets it, and the others try the
// next candidate. Of concurrent callers, exactly one gets each document.
//
// findOneAndDelete would do this in one round trip on MongoDB, but
// FerretDB runs it as a read then a delete that does not check that it
// removed anything, so concurrent callers could all get the same document.
func (a *Adapter) ConsumeOne(ctx context.Context, tbl string,
	where []storage.Where) (storage.Record, error) {
	c, t := a.coll(tbl)
	filter, err := a.filter(t, where)
	if err != nil {
		return nil, err
	}
	for {
		raw, err := c.FindOne(a.ctx(ctx), filter).Raw()
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, nil
		}
		if err != nil {
			return nil, wrap("consume "+tbl, err)
		}
		byID := bson.D{{Key: idField, Value: raw.Lookup(idField)}}
		mine := bson.D{{Key: "$and", Value: bson.A{filter, byID}}}
		res, err := c.DeleteOne(a.ctx(ctx), mine)
		if err != nil {
			return nil, wrap("consume "+tbl, err)
		}
		if res.DeletedCount == 1 {
			return record(t, raw)
		}
	}
}

// wrap adds context to a driver error and maps duplicate-key errors to
// storage.ErrDuplicate.
func wrap(what string, err error) error {
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("mongo: %s: %w: %w", what, storage.ErrDuplicate, err)
	}
	return fmt.Errorf("mongo: %s: %w", what, err)
}
