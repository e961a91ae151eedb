// Package audit compares Kernia with Better Auth, item by item: each
// upstream plugin, route, error code and schema field is ported, waived
// (planned or not applicable, with a reason) or a failure, and so is each
// thing Kernia has that upstream does not.
//
// The upstream side is a [Manifest] written by parity/manifest/generate.mjs
// and committed, so the audit runs offline. Kernia's side is read from a
// configured core.Auth by [FromCore]. [Compare] applies the [Waiver] list
// and returns a [Report], which fails on unwaived differences and on
// waivers that excuse nothing any more.
package audit
