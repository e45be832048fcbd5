import jwt

key = "a secret of thirty-two bytes, ok"
token = jwt.encode({"sub": "me"}, key, algorithm="HS256", headers={"kid": "k1"})
assert jwt.decode(token, options={"verify_signature": False})["sub"] == "me"
assert jwt.get_unverified_header(token)["kid"] == "k1"
