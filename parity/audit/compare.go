package audit

import (
	"fmt"
	"sort"
	"strings"
)

// Status is the outcome of one item.
type Status string

// The item statuses. The last three fail the audit.
const (
	// Ported items match upstream.
	Ported Status = "ported"
	// StatusPlanned items are missing or different and waived as planned.
	StatusPlanned Status = "planned"
	// StatusNotApplicable items are waived as having no Go counterpart.
	StatusNotApplicable Status = "not-applicable"
	// Missing items are upstream's, absent from Kernia and not waived.
	Missing Status = "missing"
	// Mismatch items are in Kernia with another method, path, message,
	// owner or field attribute, and not waived.
	Mismatch Status = "mismatch"
	// Extra items are Kernia's with no upstream counterpart. They cannot
	// be waived: Kernia serves nothing Better Auth does not.
	Extra Status = "extra"
)

// Failing reports whether the status fails the audit.
func (s Status) Failing() bool { return s == Missing || s == Mismatch || s == Extra }

// Item is one audited thing: a plugin, a route, an error code or a field.
type Item struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	Status Status `json:"status"`
	// Detail says what differs, for mismatches (waived or not).
	Detail string `json:"detail,omitempty"`
	// Waiver is the waiver entry that covers the item, and Reason its
	// reason.
	Waiver string `json:"waiver,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Counts tallies items by outcome.
type Counts struct {
	Ported        int `json:"ported"`
	Planned       int `json:"planned"`
	NotApplicable int `json:"notApplicable"`
	Failing       int `json:"failing"`
}

func (c *Counts) add(s Status) {
	switch {
	case s == Ported:
		c.Ported++
	case s == StatusPlanned:
		c.Planned++
	case s == StatusNotApplicable:
		c.NotApplicable++
	case s.Failing():
		c.Failing++
	}
}

func (c *Counts) plus(o Counts) {
	c.Ported += o.Ported
	c.Planned += o.Planned
	c.NotApplicable += o.NotApplicable
	c.Failing += o.Failing
}

// PluginReport is the outcome for one upstream plugin (or core, or a
// Kernia-only owner of extra items).
type PluginReport struct {
	ID      string   `json:"id"`
	Package string   `json:"package,omitempty"`
	Sources []string `json:"sources,omitempty"`
	// Status is the plugin item's outcome; empty for core.
	Status Status `json:"status,omitempty"`
	Routes Counts `json:"routes"`
	Errors Counts `json:"errors"`
	Fields Counts `json:"fields"`
	Items  []Item `json:"items"`
}

// StaleWaiver is a waiver that no longer excuses anything.
type StaleWaiver struct {
	Item string `json:"item"`
	Why  string `json:"why"`
}

// Totals sums the plugin reports.
type Totals struct {
	Plugins Counts `json:"plugins"`
	Routes  Counts `json:"routes"`
	Errors  Counts `json:"errors"`
	Fields  Counts `json:"fields"`
	// Failing counts unwaived differences; Stale counts stale waivers.
	Failing int `json:"failing"`
	Stale   int `json:"stale"`
}

// Report is the audit's outcome.
type Report struct {
	BetterAuth string         `json:"betterAuth"`
	Plugins    []PluginReport `json:"plugins"`
	Failures   []Item         `json:"failures"`
	Stale      []StaleWaiver  `json:"staleWaivers"`
	Totals     Totals         `json:"totals"`
}

// OK reports whether the audit passes: no unwaived difference and no
// stale waiver.
func (r *Report) OK() bool { return r.Totals.Failing == 0 && r.Totals.Stale == 0 }

// entry is an item while the comparison runs.
type entry struct {
	key    itemKey
	status Status
	detail string
}

// Compare audits Kernia against the manifest under the waivers.
func Compare(m *Manifest, k *Kernia, waivers []Waiver) *Report {
	c := newComparison(m, k)
	c.plugins()
	c.routes()
	c.errors()
	c.fields()
	c.extras()
	return c.report(waivers)
}

// comparison holds the indexes of both sides.
type comparison struct {
	m          *Manifest
	k          *Kernia
	entries    map[string][]*entry // by owner, in upstream order, extras last
	order      []string            // owners in report order
	upstream   map[string]bool     // item keys upstream has
	registered map[string]bool     // plugin IDs Kernia registers
	used       map[int]bool        // Kernia items matched, by index per kind
	usedErr    map[int]bool
	usedFld    map[int]bool
}

func newComparison(m *Manifest, k *Kernia) *comparison {
	c := &comparison{m: m, k: k, entries: map[string][]*entry{}, upstream: map[string]bool{},
		used: map[int]bool{}, usedErr: map[int]bool{}, usedFld: map[int]bool{},
		registered: map[string]bool{}}
	for _, id := range k.Plugins {
		c.registered[id] = true
	}
	for _, p := range m.Plugins {
		c.order = append(c.order, p.ID)
		for _, r := range p.Routes {
			if !r.ServerOnly {
				c.upstream[routeKey(p.ID, r.Method, r.Path).String()] = true
			}
		}
		for _, e := range p.Errors {
			c.upstream[itemKey{kindError, p.ID, e.Code}.String()] = true
		}
		for _, ms := range p.Schema {
			for _, f := range ms.Fields {
				c.upstream[fieldKey(p.ID, ms.Model, f.Name).String()] = true
			}
		}
	}
	return c
}

func routeKey(owner, method, path string) itemKey {
	return itemKey{kindRoute, owner, method + " " + path}
}

func fieldKey(owner, model, field string) itemKey {
	return itemKey{kindField, owner, model + "." + field}
}

func (c *comparison) add(owner string, e *entry) {
	if _, ok := c.entries[owner]; !ok && !c.isUpstream(owner) {
		c.order = append(c.order, owner)
	}
	c.entries[owner] = append(c.entries[owner], e)
}

func (c *comparison) isUpstream(owner string) bool {
	for _, p := range c.m.Plugins {
		if p.ID == owner {
			return true
		}
	}
	return false
}

func (c *comparison) plugins() {
	for _, p := range c.m.Plugins {
		if p.ID == CoreID {
			continue
		}
		e := &entry{key: itemKey{kind: kindPlugin, owner: p.ID}, status: Missing}
		if c.registered[p.ID] {
			e.status = Ported
		}
		c.add(p.ID, e)
	}
}

// routes matches upstream routes exactly first, then looks for Kernia
// routes that serve the same thing under another owner, method or path.
func (c *comparison) routes() {
	var pending []*entry
	for _, p := range c.m.Plugins {
		for _, r := range p.Routes {
			if r.ServerOnly {
				continue
			}
			e := &entry{key: routeKey(p.ID, r.Method, r.Path), status: Missing}
			if i := c.findRoute(func(kr Route) bool {
				return kr.Owner == p.ID && kr.Method == r.Method && kr.Path == r.Path
			}); i >= 0 {
				e.status = Ported
			} else {
				pending = append(pending, e)
			}
			c.add(p.ID, e)
		}
	}
	for _, e := range pending {
		c.routeMismatch(e)
	}
}

// findRoute returns the index of the first unmatched Kernia route that ok
// accepts, marking it matched, or -1.
func (c *comparison) findRoute(ok func(Route) bool) int {
	for i, r := range c.k.Routes {
		if !c.used[i] && ok(r) {
			c.used[i] = true
			return i
		}
	}
	return -1
}

func (c *comparison) routeMismatch(e *entry) {
	method, path, _ := strings.Cut(e.key.rest, " ")
	free := func(kr Route) bool {
		return !c.upstream[routeKey(kr.Owner, kr.Method, kr.Path).String()]
	}
	if i := c.findRoute(func(kr Route) bool {
		return kr.Method == method && kr.Path == path && free(kr)
	}); i >= 0 {
		e.status, e.detail = Mismatch, fmt.Sprintf("Kernia serves it from %s", c.k.Routes[i].Owner)
		return
	}
	if i := c.findRoute(func(kr Route) bool {
		return kr.Path == path && free(kr) && !c.upstreamServes(kr.Method, kr.Path)
	}); i >= 0 {
		e.status = Mismatch
		e.detail = fmt.Sprintf("Kernia serves %s %s, upstream %s", c.k.Routes[i].Method, path, method)
		return
	}
	if i := c.findRoute(func(kr Route) bool {
		return kr.Method == method && normPath(kr.Path) == normPath(path) && free(kr) &&
			!c.upstreamServes(kr.Method, kr.Path)
	}); i >= 0 {
		e.status = Mismatch
		e.detail = fmt.Sprintf("Kernia serves %s %s, upstream %s", method, c.k.Routes[i].Path, path)
	}
}

// upstreamServes reports whether any upstream owner has the route.
func (c *comparison) upstreamServes(method, path string) bool {
	for _, p := range c.m.Plugins {
		for _, r := range p.Routes {
			if !r.ServerOnly && r.Method == method && r.Path == path {
				return true
			}
		}
	}
	return false
}

// normPath folds the differences a client might not notice at first:
// letter case, a trailing slash and the names of path parameters.
func normPath(p string) string {
	parts := strings.Split(strings.TrimSuffix(strings.ToLower(p), "/"), "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") || (strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}")) {
			parts[i] = ":"
		}
	}
	return strings.Join(parts, "/")
}

func (c *comparison) errors() {
	for _, p := range c.m.Plugins {
		for _, ue := range p.Errors {
			e := &entry{key: itemKey{kindError, p.ID, ue.Code}, status: Missing}
			c.matchError(e, p.ID, ue)
			c.add(p.ID, e)
		}
	}
}

func (c *comparison) matchError(e *entry, owner string, ue ErrorCode) {
	find := func(ok func(Error) bool) (Error, bool) {
		for i, ke := range c.k.Errors {
			if !c.usedErr[i] && ok(ke) {
				c.usedErr[i] = true
				return ke, true
			}
		}
		return Error{}, false
	}
	ke, ok := find(func(ke Error) bool { return ke.Owner == owner && ke.Code == ue.Code })
	if !ok {
		ke, ok = find(func(ke Error) bool {
			return ke.Code == ue.Code && !c.upstream[itemKey{kindError, ke.Owner, ke.Code}.String()]
		})
		if !ok {
			return
		}
		e.status, e.detail = Mismatch, fmt.Sprintf("Kernia declares it in %s", ke.Owner)
	}
	if ke.Message != ue.Message {
		e.status = Mismatch
		e.detail = joinDetail(e.detail, fmt.Sprintf("message %q, upstream %q", ke.Message, ue.Message))
		return
	}
	if e.status != Mismatch {
		e.status = Ported
	}
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (c *comparison) fields() {
	for _, p := range c.m.Plugins {
		for _, ms := range p.Schema {
			for _, uf := range ms.Fields {
				e := &entry{key: fieldKey(p.ID, ms.Model, uf.Name), status: Missing}
				c.matchField(e, p.ID, ms.Model, uf)
				c.add(p.ID, e)
			}
		}
	}
}

func (c *comparison) matchField(e *entry, owner, model string, uf FieldSpec) {
	find := func(ok func(Field) bool) (Field, bool) {
		for i, kf := range c.k.Fields {
			if !c.usedFld[i] && kf.Model == model && kf.Spec.Name == uf.Name && ok(kf) {
				c.usedFld[i] = true
				return kf, true
			}
		}
		return Field{}, false
	}
	kf, ok := find(func(kf Field) bool { return kf.Owner == owner })
	if !ok {
		kf, ok = find(func(kf Field) bool {
			return !c.upstream[fieldKey(kf.Owner, model, uf.Name).String()]
		})
		if !ok {
			return
		}
		e.status, e.detail = Mismatch, fmt.Sprintf("Kernia declares it in %s", kf.Owner)
	}
	if d := fieldDiff(kf.Spec, uf); d != "" {
		e.status, e.detail = Mismatch, joinDetail(e.detail, d)
		return
	}
	if e.status != Mismatch {
		e.status = Ported
	}
}

// fieldDiff describes how a Kernia field differs from upstream's in type,
// required, unique, reference, whether clients see it (returned) and may
// set it (input), and the storage hints index, bigint and sortable that
// shape the tables; empty when they agree.
func fieldDiff(k, u FieldSpec) string {
	var d []string
	if k.Type != u.Type {
		d = append(d, fmt.Sprintf("type %s, upstream %s", k.Type, u.Type))
	}
	flags := []struct {
		name string
		k, u bool
	}{
		{"required", k.Required, u.Required},
		{"unique", k.Unique, u.Unique},
		{"returned", isTrue(k.Returned), isTrue(u.Returned)},
		{"input", isTrue(k.Input), isTrue(u.Input)},
		{"index", k.Index, u.Index},
		{"bigint", k.BigInt, u.BigInt},
		{"sortable", k.Sortable, u.Sortable},
	}
	for _, f := range flags {
		if f.k != f.u {
			d = append(d, fmt.Sprintf("%s %t, upstream %t", f.name, f.k, f.u))
		}
	}
	if kr, ur := refString(k.References), refString(u.References); kr != ur {
		d = append(d, fmt.Sprintf("references %s, upstream %s", kr, ur))
	}
	return strings.Join(d, "; ")
}

// isTrue reads an attribute whose absence means true.
func isTrue(b *bool) bool { return b == nil || *b }

func refString(r *Reference) string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%s.%s on delete %s", r.Model, r.Field, r.OnDelete)
}

// extras reports what Kernia has and no upstream item matched.
func (c *comparison) extras() {
	up := map[string]bool{}
	for _, p := range c.m.Plugins {
		up[p.ID] = true
	}
	for _, id := range c.k.Plugins {
		if !up[id] {
			c.add(id, &entry{key: itemKey{kind: kindPlugin, owner: id}, status: Extra,
				detail: "upstream has no such plugin"})
		}
	}
	for i, r := range c.k.Routes {
		if !c.used[i] {
			c.add(r.Owner, &entry{key: routeKey(r.Owner, r.Method, r.Path), status: Extra,
				detail: "upstream serves no such route"})
		}
	}
	for i, e := range c.k.Errors {
		if !c.usedErr[i] {
			c.add(e.Owner, &entry{key: itemKey{kindError, e.Owner, e.Code}, status: Extra,
				detail: "upstream has no such error code"})
		}
	}
	for i, f := range c.k.Fields {
		if !c.usedFld[i] {
			c.add(f.Owner, &entry{key: fieldKey(f.Owner, f.Model, f.Spec.Name), status: Extra,
				detail: "upstream has no such field"})
		}
	}
}

// report applies the waivers and tallies the outcome.
func (c *comparison) report(waivers []Waiver) *Report {
	r := &Report{BetterAuth: c.m.BetterAuth}
	byItem := map[string]Waiver{}
	for _, w := range waivers {
		byItem[w.Item] = w
	}
	usedW := map[string]bool{}
	for _, owner := range c.order {
		pr := c.pluginReport(owner)
		for _, e := range c.entries[owner] {
			it := c.resolve(e, byItem, usedW, &r.Stale)
			pr.Items = append(pr.Items, it)
			c.tally(&pr, e.key, it.Status)
			if it.Status.Failing() {
				r.Failures = append(r.Failures, it)
			}
		}
		r.Plugins = append(r.Plugins, pr)
	}
	for _, w := range waivers {
		if !usedW[w.Item] {
			r.Stale = append(r.Stale, StaleWaiver{Item: w.Item, Why: c.unusedWhy(w)})
		}
	}
	sort.Slice(r.Stale, func(i, j int) bool { return r.Stale[i].Item < r.Stale[j].Item })
	r.Totals = totals(r)
	return r
}

func (c *comparison) pluginReport(owner string) PluginReport {
	for _, p := range c.m.Plugins {
		if p.ID == owner {
			return PluginReport{ID: p.ID, Package: p.Package, Sources: p.Sources, Items: []Item{}}
		}
	}
	return PluginReport{ID: owner, Package: "(Kernia only)", Items: []Item{}}
}

// resolve turns an entry into an item, applying the waiver that covers it
// and recording waivers that cover something that needs none.
func (c *comparison) resolve(e *entry, byItem map[string]Waiver, usedW map[string]bool,
	stale *[]StaleWaiver) Item {
	key := e.key.String()
	it := Item{Key: key, Kind: e.key.kind, Status: e.status, Detail: e.detail}
	w, ok := byItem[key]
	pw, pok := byItem[itemKey{kind: kindPlugin, owner: e.key.owner}.String()]
	switch {
	case ok && e.key.kind != kindPlugin && pok:
		usedW[key] = true
		*stale = append(*stale, StaleWaiver{Item: key, Why: "redundant: " + pw.Item + " waives it"})
	case ok && e.status == Ported:
		usedW[key] = true
		*stale = append(*stale, StaleWaiver{Item: key, Why: "Kernia has it now"})
	case ok && e.status == Extra:
		usedW[key] = true
		*stale = append(*stale, StaleWaiver{Item: key, Why: "upstream does not have it"})
	case !ok && pok && !c.registered[e.key.owner] && e.status != Ported && e.status != Extra:
		// A plugin waiver stops counting once Kernia registers the plugin:
		// from then on each gap needs its own waiver.
		w, ok = pw, true
	}
	if ok && e.status != Ported && e.status != Extra {
		usedW[w.Item] = true
		it.Waiver, it.Reason = w.Item, w.Reason
		it.Status = StatusPlanned
		if w.Kind == NotApplicable {
			it.Status = StatusNotApplicable
		}
	}
	return it
}

// unusedWhy explains a waiver that matched no item. Every upstream plugin
// has a plugin item, so a plugin waiver goes unused only when upstream has
// no such plugin.
func (c *comparison) unusedWhy(Waiver) string { return "upstream has no such item" }

func (c *comparison) tally(pr *PluginReport, k itemKey, s Status) {
	switch k.kind {
	case kindPlugin:
		pr.Status = s
	case kindRoute:
		pr.Routes.add(s)
	case kindError:
		pr.Errors.add(s)
	case kindField:
		pr.Fields.add(s)
	}
}

func totals(r *Report) Totals {
	var t Totals
	for _, p := range r.Plugins {
		if p.Status != "" {
			t.Plugins.add(p.Status)
		}
		t.Routes.plus(p.Routes)
		t.Errors.plus(p.Errors)
		t.Fields.plus(p.Fields)
	}
	t.Failing = len(r.Failures)
	t.Stale = len(r.Stale)
	return t
}
