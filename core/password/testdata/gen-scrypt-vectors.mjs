// Regenerates scrypt-vectors.json with the real Better Auth hasher:
//   npm install better-auth@1.6.11 && node gen-scrypt-vectors.mjs > scrypt-vectors.json
import { hashPassword, verifyPassword } from "better-auth/crypto";
const pws = ["password123", "correct horse battery staple", "pässwörd-ünïcode", "ｆｕｌｌｗｉｄｔｈ１２３", "ﬁnal\u2163secret", "A\u030Angstrom!", "x".repeat(128), ""];
const out = [];
for (const p of pws) {
  const h = await hashPassword(p);
  if (!(await verifyPassword({hash: h, password: p}))) throw new Error("self-check failed");
  out.push({ password: p, hash: h, nfkc: p.normalize("NFKC") });
}
console.log(JSON.stringify({ generator: "better-auth@1.6.11 hashPassword (better-auth/crypto)", vectors: out }, null, 2));
