// Package core is Kernia's authentication engine. It serves Better Auth's
// HTTP routes with Better Auth's wire format, so that the official Better
// Auth client works against a Go server unchanged: the same paths under
// the base path (/api/auth by default), the same JSON bodies and error
// codes, the same cookies signed the same way.
//
// Build an [Auth] with [New] from [Options] and a storage.DB whose schema
// comes from [SchemaFor], then serve [Auth.Handler] (or mount it with
// the frameworks/stdlib package). [Auth.RefreshSession] tells middleware
// who is calling and keeps the session alive, and [Auth.API] calls every
// route from Go, without HTTP.
//
// # Request pipeline
//
// Every request goes through the stages in upstream's order, which
// decides which error a bad request gets: disabled paths, rate limit,
// route match, body parsing (JSON; form bodies for sign-in and sign-up),
// origin check, before hook, validation of body then query, the route's
// session requirement, the handler, the after hook.
//
// # Plugins
//
// A plugin adds routes, models and fields, error codes, request and
// database hooks and rate-limit rules through one value in
// [Options.Plugins]; [Plugin] documents how one is written, with the
// organization plugin (plugins/organization) as the worked example, and
// how two-factor, admin and passkey fit the same interface.
//
// # Departures from Better Auth
//
// Kernia differs from Better Auth 1.6.11 where upstream's behaviour is an
// accident or a risk:
//
//   - Malformed JSON answers 400 VALIDATION_ERROR, not an empty 500, and
//     a body over 1 MiB answers 413 PAYLOAD_TOO_LARGE.
//   - Unknown routes and wrong methods answer 404 with
//     {"message":"Not Found","code":"NOT_FOUND"}, not an empty body.
//   - Rate limiting is on unless turned off (upstream: only in
//     production), and the client IP comes from the connection unless
//     [AdvancedOptions].IPAddressHeaders names trusted headers.
//   - The origin and CSRF checks are on unless turned off (upstream skips
//     them under its test environment).
//   - With several secrets, every one verifies cookies and the first
//     signs them (upstream verifies HMAC cookies with the current secret
//     only).
//   - A cached session (the session_data cookie) is used only when it
//     belongs to the session token sent with it.
//   - A callback URL that is not a string is a validation error, not a
//     crash.
//   - An unset user image is sent as null with every storage backend.
//   - An expired jwt or jwe cookie cache falls back to the database
//     instead of answering null.
//   - A reset token is consumed atomically, so two concurrent resets
//     cannot both use it (upstream reads, then deletes).
//   - update-user refuses a name or image of the wrong JSON type with
//     VALIDATION_ERROR instead of handing it to the database.
//   - Email verification tokens verify under every configured secret.
package core
