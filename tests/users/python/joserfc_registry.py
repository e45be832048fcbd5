from joserfc import jwt
from joserfc.jwk import KeySet, OctKey

a, b = OctKey.generate_key(256, parameters={"kid": "a"}), OctKey.generate_key(256, parameters={"kid": "b"})
key_set = KeySet([a, b])
claims = {"iss": "https://issuer.example", "aud": ["api", "other"]}
token = jwt.encode({"alg": "HS256", "kid": "a"}, claims, key_set)
registry = jwt.JWTClaimsRegistry(iss={"essential": True, "value": "https://issuer.example"},
                                 aud={"essential": True, "value": "api"})
decoded = jwt.decode(token, key_set)
registry.validate(decoded.claims)
keys = {"a": a}
decoded = jwt.decode(token, lambda obj: keys[obj.headers()["kid"]])
registry.validate(decoded.claims)
