#!/usr/bin/env bash
# Mints a bearer token the service accepts when it runs with an HS256 secret (docker compose, k8s with
# flashsale.security.jwt.secret): for a demo, for k6 (K6_TOKEN / per-VU tokens) and for an operator's first
# ADMIN login. Needs bash, openssl and base64 only.
#
#   deploy/mint-token.sh <userId> [ROLE ...] [--ttl SECONDS]
#   FLASHSALE_SECURITY_JWT_SECRET=... deploy/mint-token.sh u1                 # a shopper
#   deploy/mint-token.sh ops ADMIN --ttl 3600                               # an operator, for an hour
#
# The secret comes from FLASHSALE_SECURITY_JWT_SECRET, else from the .env file next to
# docker-compose.yml. Whoever holds the secret can mint ADMIN tokens: keep it where your deploy
# secrets live, never in the repository. With an identity provider (flashsale.security.jwt.jwk-set-uri)
# tokens come from that provider instead and this script does not apply.
set -euo pipefail
cd "$(dirname "$0")/.."

user="${1:?usage: deploy/mint-token.sh <userId> [ROLE ...] [--ttl SECONDS]}"
shift
ttl=43200
roles=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ttl) ttl="${2:?--ttl needs seconds}"; shift 2 ;;
    *) roles+=("$1"); shift ;;
  esac
done
[[ "$user" =~ ^[A-Za-z0-9._@-]{1,100}$ ]] || { echo "userId: 1-100 of A-Z a-z 0-9 . _ @ -" >&2; exit 2; }
[[ "$ttl" =~ ^[0-9]+$ ]] || { echo "--ttl: whole seconds" >&2; exit 2; }

secret="${FLASHSALE_SECURITY_JWT_SECRET:-}"
if [ -z "$secret" ] && [ -f .env ]; then
  secret="$(sed -n 's/^FLASHSALE_SECURITY_JWT_SECRET=//p' .env | tail -1)"
fi
[ -n "$secret" ] || { echo "no secret: export FLASHSALE_SECURITY_JWT_SECRET or put it in .env" >&2; exit 2; }

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now="$(date +%s)"
role_list=""
for r in "${roles[@]+"${roles[@]}"}"; do
  [[ "$r" =~ ^[A-Z_]{1,30}$ ]] || { echo "role: upper-case letters and _ only ($r)" >&2; exit 2; }
  role_list="${role_list:+$role_list,}\"$r\""
done
header='{"alg":"HS256","typ":"JWT"}'
payload="{\"sub\":\"$user\",\"iss\":\"flash-sale\",\"iat\":$now,\"exp\":$((now + ttl)),\"roles\":[$role_list]}"
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$signing_input" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)"
printf '%s.%s\n' "$signing_input" "$signature"
