import jwt

for alg, name in [("RS256", "rs256"), ("ES256", "es256")]:
    private = open(f"../fixtures/{name}_private.pem").read()
    public = open(f"../fixtures/{name}_public.pem").read()
    token = jwt.encode({"sub": "me"}, private, algorithm=alg)
    assert jwt.decode(token, public, algorithms=[alg])["sub"] == "me"
