"""This toolkit's side of the matrix, driven through the `jose` binary, as a user would."""

import json
import subprocess
import tempfile
from pathlib import Path

from peers import Expired, is_pbes2, unb64


class CliError(Exception):
    """`jose` exited with an error: `code` is the `<code>` of `error: <code>: ...`."""

    def __init__(self, code, stderr):
        super().__init__(stderr.strip())
        self.code = code


class Toolkit:
    name = "jose (this toolkit)"

    def __init__(self, binary):
        self.binary = str(binary)
        self.dir = Path(tempfile.mkdtemp(prefix="jose-interop-"))
        self.files = 0
        self.version = self.run(["--version"]).decode().split()[-1]

    def run(self, args, stdin=b""):
        done = subprocess.run([self.binary, *args], input=stdin, capture_output=True)
        if done.returncode != 0:
            stderr = done.stderr.decode(errors="replace")
            code = stderr.removeprefix("error: ").split(":", 1)[0]
            raise CliError(code, stderr)
        return done.stdout

    def file(self, content):
        self.files += 1
        path = self.dir / f"f{self.files}"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    def key_args(self, jwk, alg):
        """`--key FILE`, or `--password-file FILE` for PBES2 (the password is the oct key)."""
        if is_pbes2(alg):
            return ["--password-file", self.file(unb64(jwk["k"]))]
        return ["--key", self.file(json.dumps(jwk))]

    def generate(self, kind):
        kty, _, param = kind.partition(":")
        if kty == "oct":
            args = ["--kty", "oct", "--size", param]
        elif kty == "RSA":
            args = ["--kty", "RSA", "--size", "2048"]
        elif kty == "AKP":
            # An AKP key is of one algorithm: `--alg` names it (ML-DSA-44, -65, -87).
            args = ["--kty", "AKP", "--alg", param]
        else:
            args = ["--kty", kty, "--crv", param]
        return json.loads(self.run(["key", "generate", *args]))

    def sign(self, alg, jwk, payload, fmt):
        return self.run(["jws", "sign", *self.key_args(jwk, alg), "--alg", alg, "--format", fmt],
                        payload).decode().strip()

    def verify(self, alg, jwk, token, fmt):
        return self.run(["jws", "verify", *self.key_args(jwk, alg), "--alg", alg], token.encode())

    def encrypt(self, alg, enc, jwks, plaintext, fmt, zip_):
        keys = [arg for jwk in jwks for arg in self.key_args(jwk, alg)]
        extra = ["--zip", "DEF"] if zip_ else []
        return self.run(["jwe", "encrypt", *keys, "--alg", alg, "--enc", enc, "--format", fmt, *extra],
                        plaintext).decode().strip()

    def decrypt(self, alg, enc, jwk, token, fmt):
        return self.run(["jwe", "decrypt", *self.key_args(jwk, alg), "--alg", alg, "--enc", enc],
                        token.encode())

    def thumbprint(self, jwk):
        return self.run(["key", "thumbprint", self.file(json.dumps(jwk))]).decode().strip()

    def export_pem(self, jwk, alg):
        public = [] if "d" in jwk or "priv" in jwk else ["--public"]  # `priv`: an AKP seed
        return self.run(["key", "export", self.file(json.dumps(jwk)), *public]).decode()

    def import_pem(self, pem, alg):
        return json.loads(self.run(["key", "import", self.file(pem)]))

    def jwt_sign(self, alg, jwk, claims):
        return self.run(["jwt", "sign", *self.key_args(jwk, alg), "--alg", alg,
                         "--claims", json.dumps(claims)]).decode().strip()

    def jwt_verify(self, alg, jwk, token, now):
        try:
            return json.loads(self.run(["jwt", "verify", *self.key_args(jwk, alg), "--alg", alg,
                                        "--now", str(now)], token.encode()))
        except CliError as e:
            if e.code == "expired":
                raise Expired(str(e)) from e
            raise

    def nested_sign(self, alg, jwk, kalg, enc, ejwk, claims):
        signed = self.jwt_sign(alg, jwk, claims)
        return self.run(["jwt", "encrypt", *self.key_args(ejwk, kalg), "--alg", kalg, "--enc", enc],
                        signed.encode()).decode().strip()

    def nested_verify(self, alg, jwk, kalg, enc, ejwk, token, now):
        decrypt = ["--decrypt-key", self.file(json.dumps(ejwk)), "--decrypt-alg", kalg,
                   "--decrypt-enc", enc]
        return json.loads(self.run(["jwt", "verify", *self.key_args(jwk, alg), "--alg", alg,
                                    "--now", str(now), *decrypt], token.encode()))

    def key_set(self, jwks):
        """A JWK Set of these keys, joined by `jose key set`."""
        return json.loads(self.run(["key", "set", *[self.file(json.dumps(k)) for k in jwks]]))
