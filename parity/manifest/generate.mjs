// Writes upstream-1.6.11.json: what Better Auth 1.6.11 serves, plugin by
// plugin, for the Go parity audit (parity/cmd/audit) to compare Kernia with.
//
// It builds Better Auth with every server plugin of the better-auth package
// and of the first-party @better-auth/* packages enabled, in the option
// variant that serves the most (organization with teams and dynamic access
// control, sso with domain verification, stripe with subscriptions and
// organizations, last-login-method stored in the database). Every value it
// needs is a dummy: nothing is sent anywhere, so it runs offline after
// `npm ci`.
//
//   node generate.mjs           writes upstream-1.6.11.json beside this file
//   node generate.mjs --check   exits 1 when the committed file is out of date
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import * as P from "better-auth/plugins";
import { BASE_ERROR_CODES } from "@better-auth/core/error";
import { getAuthTables } from "@better-auth/core/db";
import { apiKey } from "@better-auth/api-key";
import { electron } from "@better-auth/electron";
import { expo } from "@better-auth/expo";
import { i18n } from "@better-auth/i18n";
import { oauthProvider } from "@better-auth/oauth-provider";
import { passkey } from "@better-auth/passkey";
import { scim } from "@better-auth/scim";
import { sso } from "@better-auth/sso";
import { stripe } from "@better-auth/stripe";
import Stripe from "stripe";

const here = dirname(fileURLToPath(import.meta.url));
const VERSION = "1.6.11";
const OUT = join(here, `upstream-${VERSION}.json`);
const SECRET = "parity-manifest-dummy-secret-0123456789abcdef";
const BASE_URL = "http://localhost:3000";

const noop = async () => {};

// Each entry: the plugin object, where its source lives upstream, and the
// plugins it needs beside it to initialise. "folder" names a directory of
// the better-auth package's dist/plugins (which mirrors src/plugins); "pkg"
// names a separate @better-auth package (bundled flat, so its whole src/).
function plugins() {
	const stripeClient = new Stripe("sk_test_parity_dummy");
	return [
		{ plugin: P.twoFactor(), folder: "two-factor" },
		{ plugin: P.username(), folder: "username" },
		{ plugin: P.anonymous(), folder: "anonymous" },
		{ plugin: P.phoneNumber({ sendOTP: noop }), folder: "phone-number" },
		{ plugin: P.magicLink({ sendMagicLink: noop }), folder: "magic-link" },
		{ plugin: P.emailOTP({ sendVerificationOTP: noop }), folder: "email-otp" },
		{
			plugin: P.genericOAuth({
				config: [{
					providerId: "example",
					clientId: "id",
					clientSecret: "secret",
					authorizationUrl: "https://idp.example/authorize",
					tokenUrl: "https://idp.example/token",
				}],
			}),
			folder: "generic-oauth",
		},
		{ plugin: P.oneTap(), folder: "one-tap" },
		{ plugin: P.admin(), folder: "admin" },
		{
			plugin: P.organization({
				teams: { enabled: true },
				dynamicAccessControl: { enabled: true },
			}),
			folder: "organization",
		},
		{ plugin: P.multiSession(), folder: "multi-session" },
		{ plugin: P.oidcProvider({ loginPage: "/login" }), folder: "oidc-provider", group: "oidc" },
		{ plugin: P.oAuthProxy(), folder: "oauth-proxy" },
		{ plugin: P.bearer(), folder: "bearer" },
		{ plugin: P.jwt(), folder: "jwt" },
		{ plugin: P.openAPI(), folder: "open-api" },
		{
			plugin: P.customSession(async (s) => s),
			folder: "custom-session",
		},
		{
			plugin: P.siwe({
				domain: "localhost",
				getNonce: async () => "nonce",
				verifyMessage: async () => true,
			}),
			folder: "siwe",
		},
		{
			plugin: P.captcha({ provider: "cloudflare-turnstile", secretKey: "dummy" }),
			folder: "captcha",
		},
		{ plugin: P.haveIBeenPwned(), folder: "haveibeenpwned" },
		{ plugin: P.lastLoginMethod({ storeInDatabase: true }), folder: "last-login-method" },
		{ plugin: P.oneTimeToken(), folder: "one-time-token" },
		{ plugin: P.deviceAuthorization({ schema: {} }), folder: "device-authorization" },
		{ plugin: P.mcp({ loginPage: "/login" }), folder: "mcp", group: "oidc" },
		{ plugin: P.testUtils(), folder: "test-utils" },
		{ plugin: passkey(), pkg: "passkey" },
		{ plugin: apiKey(), pkg: "api-key" },
		{ plugin: sso({ domainVerification: { enabled: true } }), pkg: "sso" },
		{ plugin: scim(), pkg: "scim" },
		{
			plugin: stripe({
				stripeClient,
				stripeWebhookSecret: "whsec_dummy",
				subscription: { enabled: true, plans: [] },
				organization: { enabled: true },
			}),
			pkg: "stripe",
		},
		{
			plugin: oauthProvider({
				loginPage: "/login",
				consentPage: "/consent",
				silenceWarnings: { oauthAuthServerConfig: true, openidConfig: true },
			}),
			pkg: "oauth-provider",
		},
		{ plugin: expo(), pkg: "expo" },
		{ plugin: electron(), pkg: "electron" },
		{
			plugin: i18n({ translations: { fr: { USER_NOT_FOUND: "Utilisateur introuvable" } } }),
			pkg: "i18n",
		},
	];
}

// Packages with no server plugin; listed for their source folders only.
const otherPackages = [
	{ pkg: "core", what: "shared types, base error codes, core schema, social providers" },
	{ pkg: "redis-storage", what: "a secondaryStorage implementation" },
	{ pkg: "telemetry", what: "anonymous usage telemetry" },
	{ pkg: "memory-adapter", what: "database adapter" },
	{ pkg: "kysely-adapter", what: "database adapter" },
	{ pkg: "drizzle-adapter", what: "database adapter" },
	{ pkg: "prisma-adapter", what: "database adapter" },
	{ pkg: "mongo-adapter", what: "database adapter" },
];

function baseOptions(extra) {
	return {
		secret: SECRET,
		baseURL: BASE_URL,
		database: memoryAdapter({}),
		emailAndPassword: { enabled: true },
		rateLimit: { storage: "database" },
		logger: { disabled: true },
		telemetry: { enabled: false },
		...extra,
	};
}

// routesOf lists the HTTP routes of an endpoint map, one per method.
function routesOf(endpoints) {
	const out = [];
	for (const [name, ep] of Object.entries(endpoints ?? {})) {
		if (!ep?.path) continue;
		const opts = ep.options ?? {};
		const methods = [opts.method ?? "GET"].flat();
		const serverOnly = opts.metadata?.SERVER_ONLY === true;
		for (const m of methods) {
			const r = { method: String(m).toUpperCase(), path: ep.path, name };
			if (serverOnly) r.serverOnly = true;
			out.push(r);
		}
	}
	return out.sort((a, b) => key(a).localeCompare(key(b)));
}

// apiOnly lists the endpoints without a path: callable from server code
// only, never over HTTP.
function apiOnly(endpoints) {
	return Object.entries(endpoints ?? {})
		.filter(([, ep]) => ep && !ep.path)
		.map(([name]) => name)
		.sort();
}

const key = (r) => `${r.path} ${r.method}`;

function errorsOf(codes) {
	return Object.entries(codes ?? {})
		.map(([k, v]) =>
			typeof v === "string"
				? { code: k, message: v }
				: { code: v.code ?? k, message: v.message },
		)
		.sort((a, b) => a.code.localeCompare(b.code));
}

// fieldOf keeps what the audit compares (type, required, unique,
// references) and, for information, the attributes that change storage or
// what clients see.
function fieldOf(name, attr) {
	const f = { name };
	if (Array.isArray(attr.type)) {
		f.type = "string";
		f.enum = [...attr.type];
	} else {
		f.type = String(attr.type);
	}
	f.required = attr.required !== false;
	f.unique = attr.unique === true;
	if (attr.references) {
		f.references = {
			model: attr.references.model,
			field: attr.references.field ?? "id",
			onDelete: attr.references.onDelete ?? "cascade",
		};
	}
	for (const a of ["index", "bigint", "sortable"]) if (attr[a] === true) f[a] = true;
	if (attr.returned === false) f.returned = false;
	if (attr.input === false) f.input = false;
	if (attr.defaultValue !== undefined) f.hasDefault = true;
	return f;
}

function schemaOf(schema) {
	return Object.entries(schema ?? {})
		.map(([model, def]) => ({
			model,
			fields: Object.entries(def.fields ?? {})
				.filter(([name]) => name !== "id")
				.map(([name, attr]) => fieldOf(name, attr)),
		}))
		.filter((m) => m.fields.length > 0);
}

// pkgDir is where npm ci put a package; some packages do not export
// their package.json, so it is not resolved through require.
const pkgDir = (name) => join(here, "node_modules", name);

function distDirs(pkg) {
	const dist = join(pkgDir(pkg), "dist");
	return readdirSync(dist)
		.filter((d) => !d.startsWith("_") && statSync(join(dist, d)).isDirectory())
		.sort();
}

// coreSources lists the src/ areas of better-auth and @better-auth/core
// that are not plugins, read from the dist layout, which mirrors src/.
function coreSources() {
	const ba = distDirs("better-auth")
		.filter((d) => d !== "plugins")
		.map((d) => `packages/better-auth/src/${d}`);
	const core = distDirs("@better-auth/core").map((d) => `packages/core/src/${d}`);
	return [...ba, ...core];
}

function sourcesOf(entry) {
	if (entry.pkg) return [`packages/${entry.pkg}/src`];
	const dir = join(pkgDir("better-auth"), "dist", "plugins");
	if (!readdirSync(dir).includes(entry.folder)) {
		throw new Error(`better-auth has no plugins/${entry.folder}`);
	}
	return [`packages/better-auth/src/plugins/${entry.folder}`];
}

function packageVersion(name) {
	return JSON.parse(readFileSync(join(pkgDir(name), "package.json"), "utf8")).version;
}

// build constructs Better Auth with the given plugins, waits for its
// initialisation and returns the HTTP routes it mounts.
async function build(list) {
	const auth = betterAuth(baseOptions({ plugins: list }));
	await auth.$context;
	return new Set(routesOf(auth.api).map(key));
}

// checkMounted builds the plugins together (mcp and oidc-provider apart
// from oauth-provider, whose tables differ) and fails unless every route a
// plugin declares is mounted.
async function checkMounted(entries) {
	const groups = new Map();
	for (const e of entries) {
		const g = e.group ?? "main";
		if (!groups.has(g)) groups.set(g, []);
		groups.get(g).push(e);
	}
	groups.get("oidc").push(...entries.filter((e) => e.plugin.id === "jwt"));
	for (const [name, list] of groups) {
		const mounted = await build(list.map((e) => e.plugin));
		for (const e of list) {
			for (const r of routesOf(e.plugin.endpoints)) {
				if (!mounted.has(key(r))) {
					throw new Error(`group ${name}: ${e.plugin.id} route ${key(r)} not mounted`);
				}
			}
		}
	}
}

async function manifest() {
	const entries = plugins();
	await checkMounted(entries);
	const coreAuth = betterAuth(baseOptions({}));
	await coreAuth.$context;
	const core = {
		id: "core",
		package: "better-auth",
		sources: coreSources(),
		routes: routesOf(coreAuth.api),
		apiOnly: apiOnly(coreAuth.api),
		errors: errorsOf(BASE_ERROR_CODES),
		schema: schemaOf(getAuthTables(baseOptions({}))),
	};
	const list = entries.map((e) => ({
		id: e.plugin.id,
		package: e.pkg ? `@better-auth/${e.pkg}` : "better-auth",
		sources: sourcesOf(e),
		routes: routesOf(e.plugin.endpoints),
		apiOnly: apiOnly(e.plugin.endpoints),
		errors: errorsOf(e.plugin.$ERROR_CODES),
		schema: schemaOf(e.plugin.schema),
	}));
	return {
		betterAuth: VERSION,
		generator: "parity/manifest/generate.mjs",
		versions: Object.fromEntries(
			[
				"better-auth",
				...entries.filter((e) => e.pkg).map((e) => `@better-auth/${e.pkg}`),
				...otherPackages.map((p) => `@better-auth/${p.pkg}`),
			].map((n) => [n, packageVersion(n)]),
		),
		plugins: [core, ...list],
		packages: otherPackages.map((p) => ({
			package: `@better-auth/${p.pkg}`,
			what: p.what,
			sources: [`packages/${p.pkg}/src`],
		})),
	};
}

const text = `${JSON.stringify(await manifest(), null, "\t")}\n`;
if (process.argv.includes("--check")) {
	const old = readFileSync(OUT, "utf8");
	if (old !== text) {
		console.error(`${OUT} is out of date: run node generate.mjs`);
		process.exit(1);
	}
	console.log(`${OUT} is up to date`);
} else {
	writeFileSync(OUT, text);
	console.log(`wrote ${OUT}`);
}
// Some plugins keep timers or sockets open; the manifest is complete.
process.exit(0);
