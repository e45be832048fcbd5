import json, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
import jwt
from jwt.algorithms import ECAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec

key = ec.generate_private_key(ec.SECP256R1())
body = json.dumps({"keys": [{**json.loads(ECAlgorithm.to_jwk(key.public_key())), "kid": "2026-11"}]}).encode()

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body)

server = HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = jwt.PyJWKClient(f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json")
token = jwt.encode({"sub": "me"}, key, algorithm="ES256", headers={"kid": "2026-11"})
signing_key = client.get_signing_key_from_jwt(token)
assert jwt.decode(token, signing_key.key, algorithms=["ES256"])["sub"] == "me"
