package conformance

import (
	"testing"
	"time"

	"github.com/kernia-go/kernia/core/storage"
)

// findOneCases returns the normal cases for findOne.
func findOneCases() []Case {
	oneToOne := oneToOneTable("")
	return []Case{
		{Name: "findOne - should find a model", Run: findOneModel},
		{Name: "findOne - should not apply defaultValue if value not found",
			Schema: schemaChanges(userFields(defaultFields(false)...),
				testModel(defaultFields(false)...)),
			Run: findOneKeepsNull},
		{Name: "findOne - should find a model using a reference field", Run: findOneByReference},
		{Name: "findOne - should not throw on record not found", Run: findOneMissing},
		{Name: "findOne - should find a model without id", Run: findOneByEmail},
		{Name: "findOne - should find a model with join", Run: findOneWithJoin},
		{Name: "findOne - should find a model with modified field name",
			Schema: renameColumn("user", "email", "email_address"), Run: findOneByEmail},
		{Name: "findOne - should find a model with modified model name",
			Schema: renameTable("user", "user_custom"), Run: findOneRenamedModel},
		{Name: "findOne - should find a model with additional fields",
			Schema: userFields(storage.Field{Name: "customField", Type: storage.TypeString,
				NoInput: true, Required: true, Default: storage.Static("default-value")}),
			Run: findOneAdditionalField},
		{Name: "findOne - should select fields", Run: findOneSelect},
		{Name: "findOne - should select fields with one-to-many join",
			Run: findOneSelectJoin("session")},
		{Name: "findOne - should select fields with one-to-one join",
			Schema: oneToOne, Run: findOneSelectOneToOne},
		{Name: "findOne - should select fields with multiple joins",
			Run: findOneSelectJoin("session", "account")},
		{Name: "findOne - should find model with date field", Run: findOneByDate},
		{Name: "findOne - should perform backwards joins", Run: findOneBackwards},
		{Name: "findOne - should return an object for one-to-one joins",
			Schema: oneToOne, Run: findOneOneToOne},
		{Name: "findOne - should return an array for one-to-many joins", Run: findOneOneToMany},
		{Name: "findOne - should work with both one-to-one and one-to-many joins",
			Schema: oneToOne, Run: findOneBothJoins},
		{Name: "findOne - should return null for failed base model lookup that has joins",
			Schema: oneToOneTable("one_to_one_table"), Run: findOneMissingWithJoins},
		{Name: "findOne - should join a model with modified field name",
			Schema: schemaChanges(renameColumn("user", "email", "email_address"),
				oneToOneByEmail()),
			Run: findOneJoinRenamed},
		{Name: "findOne - backwards join should only return single record not array",
			Run: findOneBackwardsSingle},
		{Name: "findOne - backwards join with modified field name " +
			"(session base, users-table join)",
			Schema: renameTable("user", "user_table"), Run: findOneBackwardsRenamed},
		{Name: "findOne - multiple joins should return result even when some joined " +
			"tables have no matching rows",
			Schema: organizationTables(), Run: findOneOrganization},
		{Name: "findOne - should be able to perform a limited join", Run: findOneLimitedJoin},
		{Name: "findOne - should be able to perform a complex limited join",
			Run: findOneComplexLimitedJoin},
		{Name: "findOne - should return null for one-to-one join when joined record " +
			"doesn't exist",
			Schema: oneToOne, Run: findOneMissingOneToOne},
	}
}

// byID is the where clause matching the record's id.
func byID(rec storage.Record) []storage.Where {
	return []storage.Where{storage.Eq("id", rec["id"])}
}

// childOf creates a random record of model that belongs to user.
func childOf(h *H, model string, user storage.Record) storage.Record {
	h.t.Helper()
	return createAs(h, model, storage.Record{"userId": user["id"]})
}

// oneToOneFor creates the oneToOneTable row that points at value.
func oneToOneFor(h *H, value any) storage.Record {
	h.t.Helper()
	return h.Create("oneToOneTable", storage.Record{"oneToOne": value})
}

func findOneModel(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	got := oneQuery(h, storage.FindQuery{Model: "user", Where: byID(user)})
	wantSame(h, "findOne by id", got, user)
}

// findOneKeepsNull stores explicit nulls in optional fields that have
// defaults: the nulls stay, on create and on read.
func findOneKeepsNull(t *testing.T, h *H) {
	nulls := storage.Record{"testField": nil, "cbDefaultValueField": nil}
	first := h.Create("testModel", nulls)
	second := createAs(h, "user", nulls)

	found := mustFind(h, storage.FindQuery{Model: "testModel", Where: byID(first)})
	wantNulls(t, "testModel", found)
	rows := manyWhere(h, storage.FindQuery{Model: "user", Where: byID(second)})
	if len(rows) != 1 {
		t.Fatalf("findMany user by id: got %d rows, want 1", len(rows))
	}
	wantNulls(t, "user", rows[0])
}

func wantNulls(t *testing.T, model string, rec storage.Record) {
	t.Helper()
	for _, f := range []string{"testField", "cbDefaultValueField"} {
		if v, ok := rec[f]; !ok || v != nil {
			t.Errorf("%s.%s: got %#v (present %v), want nil", model, f, v, ok)
		}
	}
}

func findOneByReference(t *testing.T, h *H) {
	row := h.InsertRandom("session", 1)[0]
	user, session := row[0], row[1]
	got := oneWhere(h, "session", storage.Eq("userId", user["id"]))
	wantSame(h, "findOne session by userId", got, session)
}

func findOneMissing(t *testing.T, h *H) {
	got, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", missingID(h))}})
	if err != nil || got != nil {
		t.Fatalf("findOne missing id: got %v, %v, want nil, nil", got, err)
	}
}

// findOneByEmail also serves the renamed-column case: the where clause
// names the logical field.
func findOneByEmail(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	got := oneWhere(h, "user", storage.Eq("email", user["email"]))
	wantSame(h, "findOne by email", got, user)
}

func findOneWithJoin(t *testing.T, h *H) {
	var users, sessions, accounts []storage.Record
	for range 3 {
		users = append(users, h.Create("user", h.Generate("user")))
		sessions = append(sessions, childOf(h, "session", users[0]))
		accounts = append(accounts, childOf(h, "account", users[0]))
	}
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(users[0]),
		Join: join("session", "account")})
	got = with(got, storage.Record{
		"session": sortByID(joinedMany(h, got, "session")),
		"account": sortByID(joinedMany(h, got, "account")),
	})
	want := with(users[0], storage.Record{
		"session": sortByID(sessions), "account": sortByID(accounts)})
	wantSame(h, "user with joins", got, want)
}

func findOneRenamedModel(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	for _, f := range []string{"id", "name"} {
		if _, ok := user[f]; !ok {
			t.Fatalf("created user: got no %s, want one", f)
		}
	}
	got := oneWhere(h, "user", storage.Eq("email", user["email"]))
	wantSame(h, "findOne by email", got, user)
}

func findOneAdditionalField(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	if got := user["customField"]; got != "default-value" {
		t.Fatalf("created customField: got %#v, want %q", got, "default-value")
	}
	got := oneWhere(h, "user", storage.Eq("customField", user["customField"]))
	wantSame(h, "findOne by customField", got, user)
}

func findOneSelect(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	got := oneQuery(h, storage.FindQuery{Model: "user", Where: byID(user),
		Select: []string{"email", "name"}})
	wantSame(h, "selected fields", got,
		storage.Record{"email": user["email"], "name": user["name"]})
}

// findOneSelectJoin selects two fields of a user and joins one row of each
// of the models.
func findOneSelectJoin(models ...string) func(*testing.T, *H) {
	return func(t *testing.T, h *H) {
		user := h.Create("user", h.Generate("user"))
		children := map[string]storage.Record{}
		for _, m := range models {
			children[m] = childOf(h, m, user)
		}
		got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(user),
			Select: []string{"email", "name"}, Join: join(models...)})
		wantSelectedJoins(h, got, user, children)
	}
}

// wantSelectedJoins checks a user read with email and name selected and a
// one-to-many join per model holding exactly the child.
func wantSelectedJoins(h *H, got, user storage.Record, children map[string]storage.Record) {
	h.t.Helper()
	wantSame(h, "email", got["email"], user["email"])
	wantSame(h, "name", got["name"], user["name"])
	for m, child := range children {
		wantSame(h, "joined "+m, joinedMany(h, got, m), []storage.Record{child})
	}
}

func findOneSelectOneToOne(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	one := oneToOneFor(h, user["id"])
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(user),
		Select: []string{"email", "name"}, Join: join("oneToOneTable")})
	wantSame(h, "email", got["email"], user["email"])
	wantSame(h, "name", got["name"], user["name"])
	wantSame(h, "joined oneToOneTable", joinedOne(h, got, "oneToOneTable"), one)
}

func findOneByDate(t *testing.T, h *H) {
	user := firsts(h.InsertRandom("user", 1))[0]
	got := mustFind(h, storage.FindQuery{Model: "user", Where: []storage.Where{
		{Field: "createdAt", Operator: storage.OpEq, Value: user["createdAt"]}}})
	wantSame(h, "findOne by createdAt", got, user)
	if !timeOf(h, got, "createdAt").Equal(timeOf(h, user, "createdAt")) {
		t.Errorf("createdAt: got %v, want %v", got["createdAt"], user["createdAt"])
	}
}

func findOneBackwards(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	session := childOf(h, "session", user)
	got := oneQuery(h, storage.FindQuery{Model: "session",
		Where: []storage.Where{storage.Eq("token", session["token"])}, Join: join("user")})
	wantSame(h, "session with user", got, with(session, storage.Record{"user": user}))
}

func findOneOneToOne(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	one := oneToOneFor(h, users[0]["id"])
	oneToOneFor(h, users[1]["id"]) // a decoy that belongs to another user
	got := oneQuery(h, storage.FindQuery{Model: "user", Where: byID(users[0]),
		Join: join("oneToOneTable")})
	wantSame(h, "user with oneToOneTable", got,
		with(users[0], storage.Record{"oneToOneTable": one}))
}

func findOneOneToMany(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	session := childOf(h, "session", user)
	got := oneQuery(h, storage.FindQuery{Model: "user", Where: byID(user),
		Join: join("session")})
	wantSame(h, "user with sessions", got,
		with(user, storage.Record{"session": []storage.Record{session}}))
}

func findOneBothJoins(t *testing.T, h *H) {
	users := firsts(h.InsertRandom("user", 2))
	one := oneToOneFor(h, users[0]["id"])
	now := time.Now().UTC().Truncate(time.Millisecond)
	s1 := createAs(h, "session", storage.Record{"userId": users[0]["id"],
		"createdAt": now.Add(-3 * time.Second)})
	s2 := createAs(h, "session", storage.Record{"userId": users[0]["id"],
		"createdAt": now.Add(-time.Second)})
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(users[0]),
		Join: join("oneToOneTable", "session")})
	sessions := sortedBy(joinedMany(h, got, "session"), func(a, b storage.Record) bool {
		return timeOf(h, a, "createdAt").Before(timeOf(h, b, "createdAt"))
	})
	want := with(users[0], storage.Record{"oneToOneTable": one,
		"session": []storage.Record{s1, s2}})
	wantSame(h, "user with both joins", with(got, storage.Record{"session": sessions}), want)
}

func findOneMissingWithJoins(t *testing.T, h *H) {
	got, err := h.DB.FindOne(h.Ctx(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", missingID(h))},
		Join:  join("session", "account", "oneToOneTable")})
	if err != nil || got != nil {
		t.Fatalf("findOne missing id with joins: got %v, %v, want nil, nil", got, err)
	}
}

// findOneJoinRenamed joins through a reference to user.email, with the
// email and the reference stored under other column names and the joined
// model in another table.
func findOneJoinRenamed(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	one := oneToOneFor(h, user["email"])
	got := oneQuery(h, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("email", user["email"])},
		Join:  join("oneToOneTable")})
	wantSame(h, "user with oneToOneTable", got,
		with(user, storage.Record{"oneToOneTable": one}))
}

func findOneBackwardsSingle(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	session := childOf(h, "session", user)
	got := mustFind(h, storage.FindQuery{Model: "session", Where: byID(session),
		Join: join("user")})
	joined := joinedOne(h, got, "user")
	if joined == nil || joined["id"] != user["id"] {
		t.Fatalf("joined user: got %v, want the record with id %v", joined, user["id"])
	}
}

func findOneBackwardsRenamed(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	session := childOf(h, "session", user)
	got := mustFind(h, storage.FindQuery{Model: "session", Where: byID(session),
		Join: join("user")})
	wantSame(h, "session with user", got, with(session, storage.Record{"user": user}))
	if joined := joinedOne(h, got, "user"); joined == nil || joined["id"] != user["id"] {
		t.Errorf("joined user: got %v, want the record with id %v", joined, user["id"])
	}
}

func findOneOrganization(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	now := time.Now().UTC().Truncate(time.Millisecond)
	org := h.Create("organization", storage.Record{"name": "Test Organization",
		"slug": "test-org-" + RandomString(10), "createdAt": now})
	h.Create("member", storage.Record{"organizationId": org["id"], "userId": user["id"],
		"role": "owner", "createdAt": now})
	h.Create("team", storage.Record{"name": "Test Team", "organizationId": org["id"],
		"createdAt": now})

	got := mustFind(h, storage.FindQuery{Model: "organization", Where: byID(org),
		Join: join("member", "team", "invitation")})
	if got["id"] != org["id"] || got["name"] != "Test Organization" {
		t.Errorf("organization: got id %v name %v, want id %v name %q",
			got["id"], got["name"], org["id"], "Test Organization")
	}
	members := joinedMany(h, got, "member")
	if len(members) != 1 || members[0]["userId"] != user["id"] ||
		members[0]["role"] != "owner" {
		t.Errorf("members: got %v, want one owner with userId %v", members, user["id"])
	}
	teams := joinedMany(h, got, "team")
	if len(teams) != 1 || teams[0]["name"] != "Test Team" {
		t.Errorf("teams: got %v, want one named %q", teams, "Test Team")
	}
	if inv := joinedMany(h, got, "invitation"); len(inv) != 0 {
		t.Errorf("invitations: got %v, want an empty list", inv)
	}
}

func findOneLimitedJoin(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	for range 5 {
		childOf(h, "session", user)
	}
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(user),
		Join: []storage.JoinRequest{{Model: "session", Limit: 2}}})
	wantChildren(h, got, "session", 2)
}

// wantChildren checks that rec's one-to-many join under model holds n
// records, all belonging to rec.
func wantChildren(h *H, rec storage.Record, model string, n int) {
	h.t.Helper()
	list := joinedMany(h, rec, model)
	if len(list) != n {
		h.t.Errorf("joined %s of %v: got %d, want %d", model, rec["id"], len(list), n)
	}
	for _, c := range list {
		if c["userId"] != rec["id"] {
			h.t.Errorf("joined %s: got userId %v, want %v", model, c["userId"], rec["id"])
		}
	}
}

func findOneComplexLimitedJoin(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	for range 5 {
		childOf(h, "session", user)
		childOf(h, "account", user)
	}
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(user),
		Join: []storage.JoinRequest{{Model: "session", Limit: 2}, {Model: "account", Limit: 3}}})
	wantChildren(h, got, "session", 2)
	wantChildren(h, got, "account", 3)
}

func findOneMissingOneToOne(t *testing.T, h *H) {
	user := h.Create("user", h.Generate("user"))
	got := mustFind(h, storage.FindQuery{Model: "user", Where: byID(user),
		Join: join("oneToOneTable")})
	if got["id"] != user["id"] {
		t.Errorf("id: got %v, want %v", got["id"], user["id"])
	}
	if one := joinedOne(h, got, "oneToOneTable"); one != nil {
		t.Errorf("oneToOneTable: got %v, want nil", one)
	}
}
