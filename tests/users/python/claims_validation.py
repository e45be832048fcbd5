from datetime import datetime, timedelta, timezone
import jwt

key = "a secret of thirty-two bytes, ok"
now = datetime.now(tz=timezone.utc)
claims = {"exp": now + timedelta(minutes=10), "iat": now, "nbf": now, "aud": "api", "iss": "urn:issuer"}
token = jwt.encode(claims, key, algorithm="HS256")
verified = jwt.decode(token, key, algorithms=["HS256"], audience="api", issuer="urn:issuer",
                      leeway=10, options={"require": ["exp", "iat", "nbf"]})
assert verified["iss"] == "urn:issuer"
expired = jwt.encode({"exp": 1}, key, algorithm="HS256")
try:
    jwt.decode(expired, key, algorithms=["HS256"])
    raise AssertionError
except jwt.ExpiredSignatureError:
    pass
try:
    jwt.decode(token, key, algorithms=["HS256"], audience="web")
    raise AssertionError
except jwt.InvalidAudienceError:
    pass
