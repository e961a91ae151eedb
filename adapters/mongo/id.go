package mongo

import "go.mongodb.org/mongo-driver/v2/bson"

// NewObjectID returns the hex text of a new ObjectId, the kind of id
// Better Auth's MongoDB adapter makes by default. The adapter stores such
// ids as ObjectIds.
func NewObjectID() string { return bson.NewObjectID().Hex() }

// GenerateID makes ObjectId ids for every model. Set it as
// storage.Options.GenerateID to store ids as Better Auth's MongoDB adapter
// does by default.
func GenerateID(model string) string { return NewObjectID() }
