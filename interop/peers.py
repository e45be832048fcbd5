"""The peers: Python's PyJWT, jwcrypto and joserfc, and Node's `jose` (through node/peer.mjs).

Every peer answers the same calls, with bytes as `bytes`, JWKs as dicts and tokens as strings:
generate(kind), sign, verify, encrypt, decrypt, thumbprint, export_pem, import_pem, jwt_sign,
jwt_verify, nested_sign, nested_verify. A failure raises an exception; `Expired` when a JWT is
refused because it expired. What a peer cannot do at all is in its CAPS, which the matrix reads.
"""

import base64
import json
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ML-DSA (FIPS 204) under draft-ietf-cose-dilithium: `kty` "AKP" keys, one per parameter set.
MLDSA_ALGS = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"]
AKP_KINDS = [f"AKP:{alg}" for alg in MLDSA_ALGS]
JWS_ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA", "ES256K", "Ed25519", *MLDSA_ALGS]
KEY_ALGS = ["dir", "A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW",
            "RSA-OAEP", "RSA-OAEP-256", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW",
            "ECDH-ES+A256KW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"]
ENCS = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"]
KEY_KINDS = ["oct:256", "RSA", "EC:P-256", "EC:P-384", "EC:P-521", "EC:secp256k1",
             "OKP:Ed25519", "OKP:X25519", *AKP_KINDS]


class Expired(Exception):
    """A JWT refused because its `exp` has passed."""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def is_pbes2(alg):
    return alg.startswith("PBES2")


class PyJWT:
    name = "PyJWT"
    MISSING = ("no JWS JSON serializations; no JWE, so no nested JWT; no RFC 7638 thumbprints; "
               "Ed25519 keys only under `EdDSA`, not under RFC 9864's `Ed25519`; no ML-DSA "
               "(`AKP` keys).")
    CAPS = {
        # PyJWT knows Ed25519 keys only under `EdDSA`, and has no JWS JSON, JWE, thumbprint or
        # ML-DSA.
        "jws": [a for a in JWS_ALGS if a != "Ed25519" and a not in MLDSA_ALGS],
        "jws_formats": ["compact"],
        "key_algs": [], "encs": [], "zip": False, "jwe_formats": [],
        "thumbprint": [],
        "pem": ["RSA", "EC:P-256", "EC:P-384", "EC:P-521", "EC:secp256k1", "OKP:Ed25519"],
        "jwks": True, "jwt": True, "nested": False,
    }

    def __init__(self):
        import jwt
        from jwt import algorithms
        self.jwt = jwt
        self.algorithms = algorithms
        self.version = jwt.__version__

    def _to_jwk(self, key):
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
        a = self.algorithms
        if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
            return a.RSAAlgorithm.to_jwk(key, as_dict=True)
        if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
            return a.ECAlgorithm.to_jwk(key, as_dict=True)
        if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
            return a.OKPAlgorithm.to_jwk(key, as_dict=True)
        raise ValueError(f"PyJWT cannot write {type(key).__name__} as a JWK")

    def generate(self, kind):
        import os
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
        kty, _, param = kind.partition(":")
        if kty == "oct":
            return self.algorithms.HMACAlgorithm.to_jwk(os.urandom(int(param) // 8), as_dict=True)
        if kty == "RSA":
            return self._to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        if kty == "EC":
            curve = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1,
                     "secp256k1": ec.SECP256K1}[param]()
            return self._to_jwk(ec.generate_private_key(curve))
        if param == "Ed25519":
            return self._to_jwk(ed25519.Ed25519PrivateKey.generate())
        raise ValueError(f"PyJWT cannot generate {kind}")

    def _key(self, jwk, alg):
        # PyJWT names Ed25519 keys' algorithm `EdDSA` only.
        return self.jwt.PyJWK(jwk, algorithm="EdDSA" if alg == "Ed25519" else alg).key

    def sign(self, alg, jwk, payload, fmt):
        headers = {"kid": jwk["kid"]} if "kid" in jwk else None
        return self.jwt.PyJWS().encode(payload, self._key(jwk, alg), algorithm=alg, headers=headers)

    def verify(self, alg, jwk, token, fmt):
        if "keys" in jwk:
            kid = self.jwt.get_unverified_header(token)["kid"]
            key = self.jwt.PyJWKSet.from_dict(jwk)[kid].key
        else:
            key = self._key(jwk, alg)
        return self.jwt.PyJWS().decode(token, key, algorithms=[alg])

    def export_pem(self, jwk, alg):
        from cryptography.hazmat.primitives import serialization as s
        key = self._key(jwk, alg)
        if "d" in jwk:
            return key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode()
        return key.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode()

    def import_pem(self, pem, alg):
        from cryptography.hazmat.primitives import serialization as s
        if "PRIVATE" in pem:
            return self._to_jwk(s.load_pem_private_key(pem.encode(), password=None))
        return self._to_jwk(s.load_pem_public_key(pem.encode()))

    def jwt_sign(self, alg, jwk, claims):
        headers = {"kid": jwk["kid"]} if "kid" in jwk else None
        return self.jwt.encode(claims, self._key(jwk, alg), algorithm=alg, headers=headers)

    def jwt_verify(self, alg, jwk, token, now):
        try:
            return self.jwt.decode(token, self._key(jwk, alg), algorithms=[alg],
                                   options={"verify_aud": False})
        except self.jwt.ExpiredSignatureError as e:
            raise Expired(str(e)) from e


# Every feature of the matrix: what jwcrypto can do (joserfc: all but ML-DSA, see WITHOUT_MLDSA).
EVERYTHING = {
    "jws": JWS_ALGS,
    "jws_formats": ["compact", "flattened", "general"],
    "key_algs": KEY_ALGS, "encs": ENCS, "zip": True,
    "jwe_formats": ["compact", "flattened", "general"],
    "thumbprint": KEY_KINDS,
    "pem": [k for k in KEY_KINDS if k != "oct:256"],
    "jwks": True, "jwt": True, "nested": True,
}


def without_mldsa(caps):
    """`caps` less ML-DSA: its JWS algorithms, and its `AKP` keys' thumbprints and PEM."""
    return {**caps, "jws": [a for a in caps["jws"] if a not in MLDSA_ALGS],
            "thumbprint": [k for k in caps["thumbprint"] if k not in AKP_KINDS],
            "pem": [k for k in caps["pem"] if k not in AKP_KINDS]}


WITHOUT_MLDSA = without_mldsa(EVERYTHING)


class JWCrypto:
    name = "jwcrypto"
    MISSING = "nothing this matrix asks for."
    CAPS = EVERYTHING

    def __init__(self):
        from jwcrypto import jwe, jwk, jws, jwt
        from importlib.metadata import version
        self.jwe, self.jwk, self.jws, self.jwt_mod = jwe, jwk, jws, jwt
        self.version = version("jwcrypto")

    def _key(self, jwk):
        if "keys" in jwk:
            return self.jwk.JWKSet.from_json(json.dumps(jwk))
        return self.jwk.JWK(**jwk)

    def generate(self, kind):
        kty, _, param = kind.partition(":")
        if kty == "oct":
            return self.jwk.JWK.generate(kty="oct", size=int(param)).export_symmetric(as_dict=True)
        if kty == "RSA":
            key = self.jwk.JWK.generate(kty="RSA", size=2048)
        elif kty == "AKP":
            # An AKP key is of one algorithm, its `alg` (required); `priv` is the 32-byte seed.
            key = self.jwk.JWK.generate(kty="AKP", alg=param)
        else:
            key = self.jwk.JWK.generate(kty=kty, crv=param)
        return key.export_private(as_dict=True)

    def sign(self, alg, jwk, payload, fmt):
        token = self.jws.JWS(payload)
        header = {"alg": alg, **({"kid": jwk["kid"]} if "kid" in jwk else {})}
        # One signature serializes flattened; general takes two (here, by the same key).
        for _ in range(2 if fmt == "general" else 1):
            token.add_signature(self._key(jwk), alg=None, protected=json.dumps(header))
        return token.serialize(compact=fmt == "compact")

    def verify(self, alg, jwk, token, fmt):
        jws = self.jws.JWS()
        jws.allowed_algs = [alg]
        jws.deserialize(token)
        jws.verify(self._key(jwk), alg=alg)
        return jws.payload

    def encrypt(self, alg, enc, jwks, plaintext, fmt, zip_):
        if fmt == "general":
            token = self.jwe.JWE(plaintext, protected=json.dumps({"enc": enc}))
            token.allowed_algs = [alg, enc]
            for jwk in jwks:
                token.add_recipient(self._key(jwk), header=json.dumps({"alg": alg, "kid": jwk.get("kid")}))
            return token.serialize()
        header = {"alg": alg, "enc": enc, **({"zip": "DEF"} if zip_ else {})}
        token = self.jwe.JWE(plaintext, protected=json.dumps(header))
        token.allowed_algs = [alg, enc]
        token.add_recipient(self._key(jwks[0]))
        return token.serialize(compact=fmt == "compact")

    def decrypt(self, alg, enc, jwk, token, fmt):
        jwe = self.jwe.JWE()
        jwe.allowed_algs = [alg, enc]
        jwe.deserialize(token, key=self._key(jwk))
        return jwe.payload

    def thumbprint(self, jwk):
        return self._key(jwk).thumbprint()

    def export_pem(self, jwk, alg):
        private = "d" in jwk or "priv" in jwk  # `priv`: an AKP key's seed
        return self._key(jwk).export_to_pem(private_key=private, password=None).decode()

    def import_pem(self, pem, alg):
        key = self.jwk.JWK.from_pem(pem.encode())
        return key.export(as_dict=True, private_key=key.has_private)

    def jwt_sign(self, alg, jwk, claims):
        token = self.jwt_mod.JWT(header={"alg": alg, "typ": "JWT"}, claims=claims)
        token.make_signed_token(self._key(jwk))
        return token.serialize()

    def jwt_verify(self, alg, jwk, token, now):
        try:
            return json.loads(self.jwt_mod.JWT(jwt=token, key=self._key(jwk), algs=[alg]).claims)
        except self.jwt_mod.JWTExpired as e:
            raise Expired(str(e)) from e

    def nested_sign(self, alg, jwk, kalg, enc, ejwk, claims):
        inner = self.jwt_mod.JWT(header={"alg": alg}, claims=claims)
        inner.make_signed_token(self._key(jwk))
        outer = self.jwt_mod.JWT(header={"alg": kalg, "enc": enc, "cty": "JWT"}, claims=inner.serialize())
        outer.make_encrypted_token(self._key(ejwk))
        return outer.serialize()

    def nested_verify(self, alg, jwk, kalg, enc, ejwk, token, now):
        outer = self.jwt_mod.JWT(jwt=token, key=self._key(ejwk), algs=[kalg, enc], expected_type="JWE")
        return self.jwt_verify(alg, jwk, outer.claims, now)


class JoseRFC:
    name = "joserfc"
    MISSING = ("decrypts a JSON JWE of several recipients only when it holds the key of every "
               "recipient: it decrypts them all, one choice RFC 7516 §5.2 leaves to the "
               "application (this toolkit, jwcrypto and Node's jose take any one recipient). The "
               "matrix gives it every key. No ML-DSA (`AKP` keys) in joserfc 1.8.")
    DECRYPTS_EVERY_RECIPIENT = True

    def cannot(self, feature, case, direction):
        if feature == "JWE JSON with an empty `header`" and direction == "jose → peer":
            return ("one direction: joserfc's own output (the toolkit writes no empty header), "
                    "read by the toolkit.")
        if feature.startswith("JWE general") and case.startswith("PBES2") and direction == "jose → peer":
            return ("joserfc matches every recipient to a key by `kid`, and a password given to "
                    "`jose jwe encrypt --password-file` has none.")
        return None
    CAPS = WITHOUT_MLDSA

    def __init__(self):
        from importlib.metadata import version
        import warnings

        from joserfc import jwe, jwk, jws, jwt
        from joserfc.errors import SecurityWarning
        # joserfc warns that `EdDSA` is deprecated by RFC 9864: the matrix tests it on purpose.
        warnings.filterwarnings("ignore", category=SecurityWarning)
        self.jwe, self.jwk, self.jws, self.jwt = jwe, jwk, jws, jwt
        self.version = version("joserfc")

    def _key(self, jwk, alg=""):
        if "keys" in jwk and is_pbes2(alg):
            return self.jwk.KeySet([self._key(k, alg).__class__.import_key(unb64(k["k"]), {"kid": k["kid"]})
                                    for k in jwk["keys"]])
        if "keys" in jwk:
            return self.jwk.KeySet.import_key_set(jwk)
        if is_pbes2(alg):
            return self.jwk.OctKey.import_key(unb64(jwk["k"]))
        return self.jwk.import_key(jwk)

    def generate(self, kind):
        kty, _, param = kind.partition(":")
        if kty == "oct":
            key = self.jwk.OctKey.generate_key(int(param))
        elif kty == "RSA":
            key = self.jwk.RSAKey.generate_key(2048)
        elif kty == "EC":
            key = self.jwk.ECKey.generate_key(param)
        else:
            key = self.jwk.OKPKey.generate_key(param)
        return key.as_dict(private=True)

    def sign(self, alg, jwk, payload, fmt):
        header = {"alg": alg, **({"kid": jwk["kid"]} if "kid" in jwk else {})}
        key = self._key(jwk)
        if fmt == "compact":
            return self.jws.serialize_compact(header, payload, key, algorithms=[alg])
        members = {"protected": header} if fmt == "flattened" else [{"protected": header}]
        return json.dumps(self.jws.serialize_json(members, payload, key, algorithms=[alg]))

    def verify(self, alg, jwk, token, fmt):
        key = self._key(jwk)
        if fmt == "compact":
            return self.jws.deserialize_compact(token, key, algorithms=[alg]).payload
        return self.jws.deserialize_json(json.loads(token), key, algorithms=[alg]).payload

    def _jwe_algs(self, alg, enc):
        return [alg, enc, "DEF"]

    def encrypt(self, alg, enc, jwks, plaintext, fmt, zip_):
        algorithms = self._jwe_algs(alg, enc)
        if fmt == "compact":
            header = {"alg": alg, "enc": enc, **({"zip": "DEF"} if zip_ else {})}
            return self.jwe.encrypt_compact(header, plaintext, self._key(jwks[0], alg), algorithms=algorithms)
        if fmt == "flattened":
            obj = self.jwe.FlattenedJSONEncryption({"alg": alg, "enc": enc}, plaintext)
            obj.add_recipient(None, self._key(jwks[0], alg))
        else:
            obj = self.jwe.GeneralJSONEncryption({"enc": enc}, plaintext)
            for jwk in jwks:
                obj.add_recipient({"alg": alg, "kid": jwk.get("kid")}, self._key(jwk, alg))
        return json.dumps(self.jwe.encrypt_json(obj, None, algorithms=algorithms))

    def decrypt(self, alg, enc, jwk, token, fmt):
        algorithms = self._jwe_algs(alg, enc)
        key = self._key(jwk, alg)
        if fmt == "compact":
            return self.jwe.decrypt_compact(token, key, algorithms=algorithms).plaintext
        return self.jwe.decrypt_json(json.loads(token), key, algorithms=algorithms).plaintext

    def encrypt_as_written(self, alg, enc, jwk, plaintext, fmt, aad):
        """A JSON JWE as joserfc writes one when `alg` is protected: each recipient has an
        empty `header` object (RFC 7516 leaves it out; an empty one adds nothing)."""
        kind = self.jwe.FlattenedJSONEncryption if fmt == "flattened" else self.jwe.GeneralJSONEncryption
        obj = kind({"alg": alg, "enc": enc}, plaintext, aad=aad)
        obj.add_recipient({}, self._key(jwk, alg))
        return json.dumps(self.jwe.encrypt_json(obj, None, algorithms=self._jwe_algs(alg, enc)))

    def thumbprint(self, jwk):
        return self._key(jwk).thumbprint()

    def export_pem(self, jwk, alg):
        return self._key(jwk).as_pem(private="d" in jwk).decode()

    def import_pem(self, pem, alg):
        kty = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP", "ECDH-ES": "OKP"}
        key = self.jwk.import_key(pem.encode(), kty.get(alg[:2], kty.get(alg)))
        return key.as_dict(private=key.is_private)

    def jwt_sign(self, alg, jwk, claims):
        return self.jwt.encode({"alg": alg, "typ": "JWT"}, claims, self._key(jwk), algorithms=[alg])

    def jwt_verify(self, alg, jwk, token, now):
        from joserfc.errors import ExpiredTokenError
        claims = self.jwt.decode(token, self._key(jwk), algorithms=[alg]).claims
        try:
            self.jwt.JWTClaimsRegistry(now=now, leeway=0).validate(claims)
        except ExpiredTokenError as e:
            raise Expired(str(e)) from e
        return claims

    def nested_sign(self, alg, jwk, kalg, enc, ejwk, claims):
        signed = self.jwt_sign(alg, jwk, claims)
        return self.jwe.encrypt_compact({"alg": kalg, "enc": enc, "cty": "JWT"}, signed.encode(),
                                        self._key(ejwk, kalg), algorithms=[kalg, enc])

    def nested_verify(self, alg, jwk, kalg, enc, ejwk, token, now):
        obj = self.jwe.decrypt_compact(token, self._key(ejwk, kalg), algorithms=[kalg, enc])
        if obj.protected.get("cty") != "JWT":
            raise ValueError(f"cty is {obj.protected.get('cty')}")
        return self.jwt_verify(alg, jwk, obj.plaintext.decode(), now)


class NodeJose:
    """panva's `jose` for Node, in one long-lived process (node/peer.mjs)."""

    name = "jose (Node)"
    MISSING = ("no ES256K: WebCrypto has no secp256k1, so no secp256k1 thumbprints or PEM either; "
               "no JWE `zip` (removed in jose 5); no ML-DSA: jose 6 has it, but through WebCrypto, "
               "and Node 20's WebCrypto has no ML-DSA.")
    CAPS = {
        # No secp256k1 (ES256K) nor, in Node 20, ML-DSA in WebCrypto; JWE `zip` was removed in
        # jose 5.
        "jws": [a for a in JWS_ALGS if a != "ES256K" and a not in MLDSA_ALGS],
        "jws_formats": ["compact", "flattened", "general"],
        "key_algs": KEY_ALGS, "encs": ENCS, "zip": False,
        "jwe_formats": ["compact", "flattened", "general"],
        "thumbprint": [k for k in KEY_KINDS if k != "EC:secp256k1" and k not in AKP_KINDS],
        "pem": [k for k in KEY_KINDS if k not in ("oct:256", "EC:secp256k1", *AKP_KINDS)],
        "jwks": True, "jwt": True, "nested": True,
    }

    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(HERE / "node" / "peer.mjs")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        self.next_id = 0
        self.version = self.call("version")

    def call(self, op, **args):
        self.next_id += 1
        self.process.stdin.write(json.dumps({"id": self.next_id, "op": op, **args}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            if answer["error"].startswith("ERR_JWT_EXPIRED"):
                raise Expired(answer["error"])
            raise RuntimeError(answer["error"])
        return answer["ok"]

    def close(self):
        self.process.stdin.close()
        self.process.wait()

    def generate(self, kind):
        return self.call("generate", kind=kind)

    def sign(self, alg, jwk, payload, fmt):
        return self.call("sign", alg=alg, jwk=jwk, payload=b64(payload), format=fmt)

    def verify(self, alg, jwk, token, fmt):
        return unb64(self.call("verify", alg=alg, jwk=jwk, token=token, format=fmt))

    def encrypt(self, alg, enc, jwks, plaintext, fmt, zip_):
        return self.call("encrypt", alg=alg, enc=enc, jwks=jwks, plaintext=b64(plaintext),
                         format=fmt, zip=zip_)

    def decrypt(self, alg, enc, jwk, token, fmt):
        return unb64(self.call("decrypt", alg=alg, enc=enc, jwk=jwk, token=token, format=fmt))

    def thumbprint(self, jwk):
        return self.call("thumbprint", jwk=jwk)

    def export_pem(self, jwk, alg):
        return self.call("export_pem", jwk=jwk, alg=alg)

    def import_pem(self, pem, alg):
        return self.call("import_pem", pem=pem, alg=alg)

    def jwt_sign(self, alg, jwk, claims):
        return self.call("jwt_sign", alg=alg, jwk=jwk, claims=claims)

    def jwt_verify(self, alg, jwk, token, now):
        return self.call("jwt_verify", alg=alg, jwk=jwk, token=token, now=now)

    def nested_sign(self, alg, jwk, kalg, enc, ejwk, claims):
        return self.call("nested_sign", alg=alg, jwk=jwk, kalg=kalg, enc=enc, ejwk=ejwk, claims=claims)

    def nested_verify(self, alg, jwk, kalg, enc, ejwk, token, now):
        return self.call("nested_verify", alg=alg, jwk=jwk, kalg=kalg, enc=enc, ejwk=ejwk,
                         token=token, now=now)


PEERS = [PyJWT, JWCrypto, JoseRFC, NodeJose]
