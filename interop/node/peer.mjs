// The Node peer: panva's `jose`, driven by the interop suite over JSON lines on stdin.
// Each request is {"id", "op", ...}; each answer {"id", "ok": result} or {"id", "error"}.
// Bytes travel as base64url strings; keys as JWK objects.
import * as jose from 'jose';
import { createInterface } from 'node:readline';

const b64 = (bytes) => Buffer.from(bytes).toString('base64url');
const unb64 = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

// A JWK, imported for `alg` (PBES2 passwords are the raw bytes of an oct key).
async function key(jwk, alg) {
  if (alg.startsWith('PBES2')) return unb64(jwk.k);
  return jose.importJWK(jwk, alg);
}

async function generate(kind) {
  const [kty, param] = kind.split(':');
  if (kty === 'oct') {
    const k = crypto.getRandomValues(new Uint8Array(Number(param) / 8));
    return { kty: 'oct', k: b64(k) };
  }
  const alg = { RSA: 'PS256', 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512',
    Ed25519: 'Ed25519', X25519: 'ECDH-ES' }[kty === 'RSA' ? 'RSA' : param];
  const options = { extractable: true };
  if (param === 'X25519') options.crv = 'X25519';
  const { privateKey } = await jose.generateKeyPair(alg, options);
  return jose.exportJWK(privateKey);
}

const ops = {
  version: async () => JSON.parse(
    (await import('node:fs')).readFileSync(new URL('./node_modules/jose/package.json', import.meta.url))
  ).version,

  generate: async ({ kind }) => generate(kind),

  sign: async ({ alg, jwk, payload, format }) => {
    const k = await key(jwk, alg);
    const header = { alg };
    if (jwk.kid) header.kid = jwk.kid;
    const bytes = unb64(payload);
    if (format === 'compact') return new jose.CompactSign(bytes).setProtectedHeader(header).sign(k);
    if (format === 'flattened') {
      return JSON.stringify(await new jose.FlattenedSign(bytes).setProtectedHeader(header).sign(k));
    }
    const signer = new jose.GeneralSign(bytes);
    signer.addSignature(k).setProtectedHeader(header);
    return JSON.stringify(await signer.sign());
  },

  verify: async ({ alg, jwk, token, format }) => {
    const options = { algorithms: [alg] };
    if (jwk.keys) {
      const set = jose.createLocalJWKSet(jwk);
      const { payload } = await jose.compactVerify(token, set, options);
      return b64(payload);
    }
    const k = await key(jwk, alg);
    if (format === 'compact') return b64((await jose.compactVerify(token, k, options)).payload);
    if (format === 'flattened') return b64((await jose.flattenedVerify(JSON.parse(token), k, options)).payload);
    return b64((await jose.generalVerify(JSON.parse(token), k, options)).payload);
  },

  encrypt: async ({ alg, enc, jwks, plaintext, format, zip }) => {
    const bytes = unb64(plaintext);
    const header = { alg, enc };
    if (zip) header.zip = 'DEF';
    if (format === 'compact') {
      return new jose.CompactEncrypt(bytes).setProtectedHeader(header).encrypt(await key(jwks[0], alg));
    }
    if (format === 'flattened') {
      return JSON.stringify(
        await new jose.FlattenedEncrypt(bytes).setProtectedHeader(header).encrypt(await key(jwks[0], alg))
      );
    }
    const encrypter = new jose.GeneralEncrypt(bytes).setProtectedHeader({ enc });
    for (const jwk of jwks) {
      encrypter.addRecipient(await key(jwk, alg)).setUnprotectedHeader({ alg, kid: jwk.kid });
    }
    return JSON.stringify(await encrypter.encrypt());
  },

  decrypt: async ({ alg, enc, jwk, token, format }) => {
    const k = await key(jwk, alg);
    const options = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
    if (format === 'compact') return b64((await jose.compactDecrypt(token, k, options)).plaintext);
    if (format === 'flattened') {
      return b64((await jose.flattenedDecrypt(JSON.parse(token), k, options)).plaintext);
    }
    return b64((await jose.generalDecrypt(JSON.parse(token), k, options)).plaintext);
  },

  thumbprint: async ({ jwk }) => jose.calculateJwkThumbprint(jwk, 'sha256'),

  export_pem: async ({ jwk, alg }) => {
    const k = await jose.importJWK(jwk, alg, { extractable: true });
    return jwk.d ? jose.exportPKCS8(k) : jose.exportSPKI(k);
  },

  import_pem: async ({ pem, alg }) => {
    const k = pem.includes('PRIVATE')
      ? await jose.importPKCS8(pem, alg, { extractable: true })
      : await jose.importSPKI(pem, alg, { extractable: true });
    return jose.exportJWK(k);
  },

  jwt_sign: async ({ alg, jwk, claims }) => {
    const header = { alg, typ: 'JWT' };
    if (jwk.kid) header.kid = jwk.kid;
    return new jose.SignJWT(claims).setProtectedHeader(header).sign(await key(jwk, alg));
  },

  jwt_verify: async ({ alg, jwk, token, now }) => {
    const { payload } = await jose.jwtVerify(token, await key(jwk, alg), {
      algorithms: [alg],
      currentDate: new Date(now * 1000),
    });
    return payload;
  },

  // Sign-then-encrypt (RFC 7519 §5.2): a signed JWT inside a JWE with cty "JWT".
  nested_sign: async ({ alg, jwk, kalg, enc, ejwk, claims }) => {
    const signed = await new jose.SignJWT(claims).setProtectedHeader({ alg }).sign(await key(jwk, alg));
    return new jose.CompactEncrypt(new TextEncoder().encode(signed))
      .setProtectedHeader({ alg: kalg, enc, cty: 'JWT' })
      .encrypt(await key(ejwk, kalg));
  },

  nested_verify: async ({ alg, jwk, kalg, enc, ejwk, token, now }) => {
    const { plaintext, protectedHeader } = await jose.compactDecrypt(token, await key(ejwk, kalg), {
      keyManagementAlgorithms: [kalg],
      contentEncryptionAlgorithms: [enc],
    });
    if (protectedHeader.cty !== 'JWT') throw new Error(`cty is ${protectedHeader.cty}`);
    const { payload } = await jose.jwtVerify(new TextDecoder().decode(plaintext), await key(jwk, alg), {
      algorithms: [alg],
      currentDate: new Date(now * 1000),
    });
    return payload;
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = JSON.parse(line);
  let answer;
  try {
    answer = { id: request.id, ok: await ops[request.op](request) };
  } catch (error) {
    answer = { id: request.id, error: `${error.code ?? error.name}: ${error.message}` };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
