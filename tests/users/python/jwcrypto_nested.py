import json
from jwcrypto import jwk, jwt

encryption = jwk.JWK.from_json(open("../fixtures/jwcrypto_encryption.json").read())
signing = jwk.JWK.from_json(open("../fixtures/jwcrypto_signing_public.json").read())
for name in ["with_cty", "without_cty"]:
    token = open(f"../fixtures/jwcrypto_nested_{name}.txt").read().strip()
    outer = jwt.JWT(jwt=token, key=encryption, expected_type="JWE")
    inner = jwt.JWT(jwt=outer.claims, key=signing, check_claims={"iss": "https://issuer.example", "aud": "api"})
    assert json.loads(inner.claims)["sub"] == "alice"
