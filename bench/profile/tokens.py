# Mints HS256 shopper tokens like /dev/tokens does, from a standalone data dir's jwt-secret: tokens.py SECRET_FILE COUNT PREFIX
import base64, hmac, hashlib, json, sys, time
secret = base64.b64decode(open(sys.argv[1]).read().strip())
n = int(sys.argv[2]); prefix = sys.argv[3] if len(sys.argv) > 3 else 'p'
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b'=').decode()
h = b64(json.dumps({"alg":"HS256"}).encode())
now = int(time.time())
for i in range(n):
    p = b64(json.dumps({"iss":"flash-sale","sub":f"{prefix}{i}","iat":now,"exp":now+7200,"roles":[]}).encode())
    s = b64(hmac.new(secret, f"{h}.{p}".encode(), hashlib.sha256).digest())
    print(f"{h}.{p}.{s}")
