import jwt

token = jwt.encode({"some": "payload"}, "secret", algorithm="HS256")
decoded = jwt.decode(token, "secret", algorithms=["HS256"])
assert decoded["some"] == "payload"
key = "a secret of thirty-two bytes, ok"
token = jwt.encode({"sub": "me"}, key, algorithm="HS256")
jwt.decode(token, key, algorithms=["HS256"])
