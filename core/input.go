package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// UserOptions configure the user model.
type UserOptions struct {
	// AdditionalFields are stored on every user, sent to clients (unless
	// Hidden) and, unless NoInput, accepted on sign-up.
	AdditionalFields []storage.Field
	// ChangeEmail configures change-email; it is off by default.
	ChangeEmail ChangeEmailOptions
	// DeleteUser configures delete-user; it is off by default.
	DeleteUser DeleteUserOptions
}

// inputFields returns the fields of a model that are not among the core
// keys: those that plugins and the application added.
func (a *Auth) inputFields(model string, core map[string]bool) []storage.Field {
	m := a.db.Schema().Model(model)
	if m == nil {
		return nil
	}
	var out []storage.Field
	for _, f := range m.Fields {
		if !core[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// parseInput picks the added fields out of a client body, as upstream's
// parseInputData: a NoInput field sent with a value is refused, a
// required one missing on create is refused, and values are checked
// against the field's type.
func parseInput(fields []storage.Field, body map[string]any, create bool) (storage.Record, error) {
	out := storage.Record{}
	for _, f := range fields {
		v, present := body[f.Name]
		switch {
		case present && f.NoInput:
			if truthy(v) && !(create && f.Default != nil) {
				return nil, &APIError{http.StatusBadRequest, "FIELD_NOT_ALLOWED",
					f.Name + " is not allowed to be set"}
			}
		case present:
			cv, err := convertInput(f, v)
			if err != nil {
				return nil, err
			}
			out[f.Name] = cv
		case create && f.Required && f.Default == nil:
			return nil, &APIError{http.StatusBadRequest, "MISSING_FIELD", f.Name + " is required"}
		}
	}
	return out, nil
}

// truthy mirrors JavaScript's truthiness for decoded JSON values.
func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case json.Number:
		f, err := t.Float64()
		return err != nil || f != 0
	}
	return true
}

// convertInput turns a decoded JSON value into the Go value the field's
// type stores.
func convertInput(f storage.Field, v any) (any, error) {
	if v == nil {
		if f.Required {
			return nil, typeError(f, "null")
		}
		return nil, nil
	}
	switch f.Type {
	case storage.TypeString:
		if _, ok := v.(string); !ok {
			return nil, typeError(f, JSONKind(v))
		}
	case storage.TypeBoolean:
		if _, ok := v.(bool); !ok {
			return nil, typeError(f, JSONKind(v))
		}
	case storage.TypeNumber:
		n, ok := v.(json.Number)
		if !ok {
			return nil, typeError(f, JSONKind(v))
		}
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		fl, err := n.Float64()
		if err != nil {
			return nil, typeError(f, "number")
		}
		return fl, nil
	case storage.TypeDate:
		s, ok := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if !ok || err != nil {
			return nil, typeError(f, JSONKind(v))
		}
		return t, nil
	}
	return v, nil
}

func typeError(f storage.Field, got string) error {
	want := map[storage.FieldType]string{
		storage.TypeString: "string", storage.TypeBoolean: "boolean",
		storage.TypeNumber: "number", storage.TypeDate: "date",
	}[f.Type]
	return validationError(fmt.Sprintf("[body.%s] Invalid input: expected %s, received %s",
		f.Name, want, got))
}
