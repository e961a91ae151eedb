package core

import (
	"context"
	"regexp"
	"testing"

	"github.com/kernia-go/kernia/core/storage"
)

func TestListAccounts(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	r := get(t, a, "/list-accounts", withCookie(cookie))
	want := regexp.MustCompile(`^\[\{"accountId":"(\w+)","providerId":"credential",` +
		`"userId":"(\w+)","createdAt":"[^"]+Z","updatedAt":"[^"]+Z","id":"\w+","scopes":\[\]\}\]$`)
	m := want.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil || m[1] != m[2] {
		t.Fatalf("got %d %s, want one credential account without secrets", r.status, r.body)
	}
	wantError(t, get(t, a, "/list-accounts", nil), 401, "UNAUTHORIZED", "Unauthorized")
}

func TestUnlinkAccount(t *testing.T) {
	a := newAuth(t, nil)
	_, cookie := signUp(t, a)
	link := func(t *testing.T, body string) resp {
		t.Helper()
		return post(t, a, "/unlink-account", body, withCookie(cookie))
	}
	wantError(t, link(t, `{"providerId":"credential"}`), 400, "FAILED_TO_UNLINK_LAST_ACCOUNT",
		"You can't unlink your last account")
	uid := get(t, a, "/get-session", withCookie(cookie)).json(t)["user"].(map[string]any)["id"]
	_, err := a.DB().Create(context.Background(), "account", storage.Record{
		"providerId": "github", "accountId": "gh-1", "userId": uid, "scope": "read:user,repo",
		"accessToken": "secret-token"})
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, a, "/list-accounts", withCookie(cookie))
	if !regexp.MustCompile(`"scopes":\["read:user","repo"\]`).MatchString(r.body) ||
		regexp.MustCompile(`secret-token|accessToken|"scope"`).MatchString(r.body) {
		t.Errorf("got %s, want scopes split and no tokens", r.body)
	}
	wantError(t, link(t, `{"providerId":"github","accountId":"gh-2"}`), 400, "ACCOUNT_NOT_FOUND",
		"Account not found")
	wantError(t, link(t, `{}`), 400, "VALIDATION_ERROR",
		"[body.providerId] Invalid input: expected string, received undefined")
	wantStatusBody(t, link(t, `{"providerId":"github","accountId":"gh-1"}`), 200,
		`{"status":true}`)
	n, _ := a.DB().Count(context.Background(), "account", nil)
	if n != 1 {
		t.Errorf("got %d accounts, want 1", n)
	}
}

func TestUnlinkAllowedLastAccount(t *testing.T) {
	a := newAuth(t, func(o *Options) { o.Account.AllowUnlinkingAll = true })
	_, cookie := signUp(t, a)
	r := post(t, a, "/unlink-account", `{"providerId":"credential"}`, withCookie(cookie))
	wantStatusBody(t, r, 200, `{"status":true}`)
}
