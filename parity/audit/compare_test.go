package audit

import (
	"strings"
	"testing"
)

// fixture is a small upstream: core with two routes, an error and a field,
// and a plugin "two-factor" with a route, an error, a field and a
// server-only route.
func fixture() *Manifest {
	return &Manifest{BetterAuth: "1.6.11", Plugins: []UpstreamPlugin{
		{ID: CoreID, Package: "better-auth",
			Routes: []UpstreamRoute{{Method: "GET", Path: "/ok"},
				{Method: "POST", Path: "/sign-out"}, {Method: "GET", Path: "/reset-password/:token"}},
			Errors: []ErrorCode{{Code: "USER_NOT_FOUND", Message: "User not found"}},
			Schema: []ModelSpec{{Model: "session", Fields: []FieldSpec{
				{Name: "userId", Type: "string", Required: true,
					References: &Reference{Model: "user", Field: "id", OnDelete: "cascade"}},
			}}}},
		{ID: "two-factor", Package: "better-auth",
			Routes: []UpstreamRoute{{Method: "POST", Path: "/two-factor/enable"},
				{Method: "POST", Path: "/two-factor/internal", ServerOnly: true}},
			Errors: []ErrorCode{{Code: "OTP_HAS_EXPIRED", Message: "OTP has expired"}},
			Schema: []ModelSpec{{Model: "user", Fields: []FieldSpec{
				{Name: "twoFactorEnabled", Type: "boolean"}}}}},
	}}
}

// fullKernia matches the fixture exactly.
func fullKernia() *Kernia {
	return &Kernia{
		Plugins: []string{"two-factor"},
		Routes: []Route{{CoreID, "GET", "/ok"}, {CoreID, "POST", "/sign-out"},
			{CoreID, "GET", "/reset-password/:token"}, {"two-factor", "POST", "/two-factor/enable"}},
		Errors: []Error{{CoreID, "USER_NOT_FOUND", "User not found"},
			{"two-factor", "OTP_HAS_EXPIRED", "OTP has expired"}},
		Fields: []Field{
			{CoreID, "session", FieldSpec{Name: "userId", Type: "string", Required: true,
				References: &Reference{Model: "user", Field: "id", OnDelete: "cascade"}}},
			{"two-factor", "user", FieldSpec{Name: "twoFactorEnabled", Type: "boolean"}},
		},
	}
}

// coreOnly is Kernia without the two-factor plugin.
func coreOnly() *Kernia {
	k := fullKernia()
	k.Plugins = nil
	k.Routes = k.Routes[:3]
	k.Errors = k.Errors[:1]
	k.Fields = k.Fields[:1]
	return k
}

func w(item string, kind WaiverKind) Waiver { return Waiver{Item: item, Kind: kind, Reason: "r"} }

func TestCompare(t *testing.T) {
	tests := []struct {
		name    string
		kernia  func() *Kernia
		waivers []Waiver
		ok      bool
		// want maps item keys to the status they must have.
		want map[string]Status
		// detail, when set, must appear in the detail of want's first
		// non-ported item.
		detail string
		stale  map[string]string // stale waiver item -> part of why
	}{
		{name: "everything ported", kernia: fullKernia, ok: true,
			want: map[string]Status{"plugin:two-factor": Ported, "route:core:GET /ok": Ported,
				"error:two-factor:OTP_HAS_EXPIRED":       Ported,
				"field:two-factor:user.twoFactorEnabled": Ported}},
		{name: "missing route", ok: false,
			kernia: func() *Kernia { k := fullKernia(); k.Routes = k.Routes[1:]; return k },
			want:   map[string]Status{"route:core:GET /ok": Missing}},
		{name: "missing route waived", ok: true,
			kernia:  func() *Kernia { k := fullKernia(); k.Routes = k.Routes[1:]; return k },
			waivers: []Waiver{w("route:core:GET /ok", Planned)},
			want:    map[string]Status{"route:core:GET /ok": StatusPlanned}},
		{name: "stale waiver for a ported item", kernia: fullKernia, ok: false,
			waivers: []Waiver{w("route:core:GET /ok", Planned)},
			want:    map[string]Status{"route:core:GET /ok": Ported},
			stale:   map[string]string{"route:core:GET /ok": "Kernia has it now"}},
		{name: "waiver for something upstream lacks", kernia: fullKernia, ok: false,
			waivers: []Waiver{w("error:core:NO_SUCH_CODE", Planned), w("plugin:nope", Planned)},
			stale: map[string]string{"error:core:NO_SUCH_CODE": "upstream has no such item",
				"plugin:nope": "upstream has no such item"}},
		{name: "message mismatch", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Errors[0].Message = "User not found."
				return k
			},
			want:   map[string]Status{"error:core:USER_NOT_FOUND": Mismatch},
			detail: `message "User not found.", upstream "User not found"`},
		{name: "message mismatch waived keeps its detail", ok: true,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Errors[0].Message = "User not found."
				return k
			},
			waivers: []Waiver{w("error:core:USER_NOT_FOUND", Planned)},
			want:    map[string]Status{"error:core:USER_NOT_FOUND": StatusPlanned},
			detail:  "upstream \"User not found\""},
		{name: "method mismatch", ok: false,
			kernia: func() *Kernia { k := fullKernia(); k.Routes[0].Method = "POST"; return k },
			want:   map[string]Status{"route:core:GET /ok": Mismatch},
			detail: "Kernia serves POST /ok, upstream GET"},
		{name: "path mismatch", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Routes[2].Path = "/reset-password/:id"
				return k
			},
			want:   map[string]Status{"route:core:GET /reset-password/:token": Mismatch},
			detail: "Kernia serves GET /reset-password/:id, upstream /reset-password/:token"},
		{name: "route served by another owner", ok: false,
			kernia: func() *Kernia { k := fullKernia(); k.Routes[3].Owner = CoreID; return k },
			want:   map[string]Status{"route:two-factor:POST /two-factor/enable": Mismatch},
			detail: "Kernia serves it from core"},
		{name: "extra route", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Routes = append(k.Routes, Route{CoreID, "GET", "/kernia-only"})
				return k
			},
			want: map[string]Status{"route:core:GET /kernia-only": Extra}},
		{name: "extra route cannot be waived", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Routes = append(k.Routes, Route{CoreID, "GET", "/kernia-only"})
				return k
			},
			waivers: []Waiver{w("route:core:GET /kernia-only", Planned)},
			want:    map[string]Status{"route:core:GET /kernia-only": Extra},
			stale:   map[string]string{"route:core:GET /kernia-only": "upstream does not have it"}},
		{name: "field attributes differ", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Fields[0].Spec.Required = false
				k.Fields[0].Spec.References.OnDelete = "set null"
				return k
			},
			want: map[string]Status{"field:core:session.userId": Mismatch},
			detail: "required false, upstream true; references user.id on delete set null, " +
				"upstream user.id on delete cascade"},
		{name: "field type differs", ok: false,
			kernia: func() *Kernia { k := fullKernia(); k.Fields[1].Spec.Type = "string"; return k },
			want:   map[string]Status{"field:two-factor:user.twoFactorEnabled": Mismatch},
			detail: "type string, upstream boolean"},
		{name: "field refused in input, upstream accepts it", ok: false,
			kernia: func() *Kernia { k := fullKernia(); k.Fields[1].Spec.Input = new(false); return k },
			want:   map[string]Status{"field:two-factor:user.twoFactorEnabled": Mismatch},
			detail: "input false, upstream true"},
		{name: "plugin waiver covers the plugin's items", kernia: coreOnly, ok: true,
			waivers: []Waiver{w("plugin:two-factor", NotApplicable)},
			want: map[string]Status{"plugin:two-factor": StatusNotApplicable,
				"route:two-factor:POST /two-factor/enable":   StatusNotApplicable,
				"error:two-factor:OTP_HAS_EXPIRED":           StatusNotApplicable,
				"field:two-factor:user.twoFactorEnabled":     StatusNotApplicable,
				"route:two-factor:POST /two-factor/internal": ""}},
		{name: "unported plugin without waiver", kernia: coreOnly, ok: false,
			want: map[string]Status{"plugin:two-factor": Missing,
				"route:two-factor:POST /two-factor/enable": Missing}},
		{name: "plugin waiver is stale once the plugin is registered", ok: false,
			kernia: func() *Kernia {
				k := coreOnly()
				k.Plugins = []string{"two-factor"}
				return k
			},
			waivers: []Waiver{w("plugin:two-factor", Planned)},
			want: map[string]Status{"plugin:two-factor": Ported,
				"route:two-factor:POST /two-factor/enable": Missing},
			stale: map[string]string{"plugin:two-factor": "Kernia has it now"}},
		{name: "item waiver under a plugin waiver is redundant", kernia: coreOnly, ok: false,
			waivers: []Waiver{w("plugin:two-factor", Planned),
				w("error:two-factor:OTP_HAS_EXPIRED", Planned)},
			want:  map[string]Status{"error:two-factor:OTP_HAS_EXPIRED": StatusPlanned},
			stale: map[string]string{"error:two-factor:OTP_HAS_EXPIRED": "redundant"}},
		{name: "extra plugin", ok: false,
			kernia: func() *Kernia {
				k := fullKernia()
				k.Plugins = append(k.Plugins, "kernia-extra")
				return k
			},
			want: map[string]Status{"plugin:kernia-extra": Extra}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(fixture(), tt.kernia(), tt.waivers)
			if got := r.OK(); got != tt.ok {
				t.Errorf("OK() = %t, want %t; failures %v, stale %v", got, tt.ok, r.Failures, r.Stale)
			}
			items := map[string]Item{}
			for _, p := range r.Plugins {
				for _, it := range p.Items {
					items[it.Key] = it
				}
			}
			for key, want := range tt.want {
				it, found := items[key]
				if want == "" {
					if found {
						t.Errorf("%s: audited as %s, want not audited", key, it.Status)
					}
					continue
				}
				if it.Status != want {
					t.Errorf("%s: got %q, want %q (detail %q)", key, it.Status, want, it.Detail)
				}
				if tt.detail != "" && want != Ported && !strings.Contains(it.Detail, tt.detail) {
					t.Errorf("%s: got detail %q, want it to contain %q", key, it.Detail, tt.detail)
				}
			}
			if len(r.Stale) != len(tt.stale) {
				t.Errorf("got stale waivers %v, want %d", r.Stale, len(tt.stale))
			}
			for _, s := range r.Stale {
				if why, ok := tt.stale[s.Item]; !ok || !strings.Contains(s.Why, why) {
					t.Errorf("stale %s: got why %q, want %q", s.Item, s.Why, why)
				}
			}
		})
	}
}

func TestCompareCounts(t *testing.T) {
	k := coreOnly()
	k.Routes = k.Routes[1:] // GET /ok missing
	r := Compare(fixture(), k, []Waiver{w("plugin:two-factor", NotApplicable),
		w("route:core:GET /ok", Planned)})
	want := Totals{
		Plugins: Counts{NotApplicable: 1},
		Routes:  Counts{Ported: 2, Planned: 1, NotApplicable: 1},
		Errors:  Counts{Ported: 1, NotApplicable: 1},
		Fields:  Counts{Ported: 1, NotApplicable: 1},
	}
	if r.Totals != want {
		t.Errorf("got totals %+v, want %+v", r.Totals, want)
	}
	if len(r.Plugins) != 2 || r.Plugins[0].ID != CoreID || r.Plugins[0].Status != "" {
		t.Errorf("got plugins %+v, want core (no plugin status) then two-factor", r.Plugins)
	}
}

func TestNormPath(t *testing.T) {
	tests := []struct{ a, b string }{
		{"/reset-password/:token", "/reset-password/:id"},
		{"/Sign-In/Email/", "/sign-in/email"},
		{"/callback/{id}", "/callback/:id"},
	}
	for _, tt := range tests {
		if normPath(tt.a) != normPath(tt.b) {
			t.Errorf("normPath(%q) = %q, normPath(%q) = %q, want equal",
				tt.a, normPath(tt.a), tt.b, normPath(tt.b))
		}
	}
	if normPath("/sign-in/email") == normPath("/sign-in/social") {
		t.Errorf("different paths normalise alike")
	}
}
