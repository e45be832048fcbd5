import json
import jwt
from jwt.algorithms import ECAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec

keys = {kid: ec.generate_private_key(ec.SECP256R1()) for kid in ["2026-10", "2026-11"]}
public = []
for kid, key in keys.items():
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
    public.append({**jwk, "kid": kid})
jwks = jwt.PyJWKSet.from_dict({"keys": public})
token = jwt.encode({"sub": "me"}, keys["2026-11"], algorithm="ES256", headers={"kid": "2026-11"})
kid = jwt.get_unverified_header(token)["kid"]
jwt.decode(token, jwks[kid].key, algorithms=["ES256"])
