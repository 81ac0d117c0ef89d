// Shared by the k6 scenarios: tokens from POST /dev/tokens (standalone mode), the sale under test,
// and the one reserve request with its checks. Correct answers: 201, the documented sold-out /
// limit-exceeded problems (409), and a shed answer (429 rate-limited or 503 overloaded WITH
// Retry-After: no unit taken, the shopper told when to come back). Anything else, a 503 without
// Retry-After included, fails the check and the error-rate threshold. teardown() checks through the
// API that exactly UNITS were granted (a fresh sale and at least UNITS shoppers).
import http from 'k6/http';
import exec from 'k6/execution';
import { check, fail } from 'k6';
import { Counter } from 'k6/metrics';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const SHOPPERS = parseInt(__ENV.SHOPPERS || '20000', 10);
export const UNITS = parseInt(__ENV.UNITS || '1000', 10);
// Every unit goes when there are at least as many shoppers as units.
const EXPECTED_GRANTS = Math.min(UNITS, SHOPPERS);
const JSON_HEADERS = { 'Content-Type': 'application/json' };

export const granted = new Counter('reserve_granted');
export const soldOut = new Counter('reserve_sold_out');
export const limitExceeded = new Counter('reserve_limit_exceeded');
export const shed = new Counter('reserve_shed');

// 409 (sold out / limit) and 429/503 (shed; the check below requires Retry-After) are expected
// statuses; k6 then counts only other statuses in http_req_failed.
http.setResponseCallback(http.expectedStatuses(201, 409, 429, 503));

function token(userId, roles) {
  const res = http.post(`${BASE_URL}/dev/tokens`, JSON.stringify({ userId, roles }),
    { headers: JSON_HEADERS, tags: { name: 'token' } });
  if (res.status !== 200) {
    fail(`POST /dev/tokens answered ${res.status}: is the service in standalone mode?`);
  }
  return res.json('token');
}

/** k6 options shared by the scenarios: one connection per shopper, thresholds on the reserve call. */
export function options(scenario, p99Thresholds) {
  return {
    setupTimeout: '300s',
    noVUConnectionReuse: true, // each shopper on its own connection, as browsers do
    scenarios: { [scenario.name]: scenario.executor },
    thresholds: {
      'http_req_duration{name:reserve}': p99Thresholds,
      'http_req_failed{name:reserve}': ['rate==0'],
      checks: ['rate==1'],
      // the client-side count; teardown() checks the server's count of grants through the API
      reserve_granted: [`count==${EXPECTED_GRANTS}`],
    },
    summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'p(99.9)', 'max'],
  };
}

/** Admin token, a fresh sale (unless SALE_ID is given) and one token per distinct shopper. */
export function prepare() {
  const admin = token('k6-admin', ['ADMIN']);
  const auth = { headers: Object.assign({ Authorization: `Bearer ${admin}` }, JSON_HEADERS) };
  let saleId = __ENV.SALE_ID;
  if (!saleId) {
    const product = http.post(`${BASE_URL}/admin/api/products`, JSON.stringify({
      name: `k6 flash sale ${Date.now()}`, category: 'load-test', originalPrice: 10000,
      coupangUrl: 'https://www.coupang.com/vp/products/1', kurlyUrl: 'https://www.kurly.com/goods/1',
    }), auth);
    const now = Date.now();
    const sale = http.post(`${BASE_URL}/admin/api/sales`, JSON.stringify({
      productId: product.json('id'), salePrice: 5900, totalQuantity: UNITS, perUserLimit: 1,
      startsAt: new Date(now - 60000).toISOString(), endsAt: new Date(now + 3600000).toISOString(),
    }), auth);
    if (sale.status !== 201) {
      fail(`creating the sale answered ${sale.status}: ${sale.body}`);
    }
    saleId = sale.json('id');
  }
  const run = `${Date.now().toString(36)}`;
  const tokens = [];
  for (let start = 0; start < SHOPPERS; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(start + 200, SHOPPERS); i++) {
      batch.push(['POST', `${BASE_URL}/dev/tokens`, JSON.stringify({ userId: `k6-${run}-${i}`, roles: [] }),
        { headers: JSON_HEADERS, tags: { name: 'token' } }]);
    }
    for (const res of http.batch(batch)) {
      tokens.push(res.json('token'));
    }
  }
  return { saleId, admin, tokens };
}

export function setup() {
  return prepare();
}

export function teardown(data) {
  verify(data);
}

export default function (data) {
  reserve(data);
}

/** One shopper: a distinct token per iteration, on a fresh connection (noVUConnectionReuse). */
export function reserve(data) {
  const i = exec.scenario.iterationInTest % data.tokens.length;
  const res = http.post(`${BASE_URL}/api/sales/${data.saleId}/reservations`, JSON.stringify({ quantity: 1 }), {
    headers: Object.assign({ Authorization: `Bearer ${data.tokens[i]}` }, JSON_HEADERS),
    tags: { name: 'reserve' },
  });
  const type = res.status === 409 ? String(res.json('type') || '') : '';
  const isShed = (res.status === 429 || res.status === 503) && !!res.headers['Retry-After'];
  check(res, {
    'granted (201), sold-out / limit-exceeded (409) or shed (429/503 with Retry-After)': (r) => r.status === 201
      || (r.status === 409 && (type.endsWith('/sold-out') || type.endsWith('/limit-exceeded'))) || isShed,
  });
  if (res.status === 201) granted.add(1);
  else if (type.endsWith('/sold-out')) soldOut.add(1);
  else if (type.endsWith('/limit-exceeded')) limitExceeded.add(1);
  else if (isShed) shed.add(1);
}

/**
 * After the run, through the API: counters conserved, and exactly EXPECTED_GRANTS units taken
 * (held + sold; holds last 10 minutes, longer than the run, so none has expired back). Assumes a
 * fresh sale: with SALE_ID, earlier holds on that sale count too.
 */
export function verify(data) {
  const stock = http.get(`${BASE_URL}/api/sales/${data.saleId}/stock`, { tags: { name: 'stock' } }).json();
  const ok = check(stock, {
    'available + held + sold == total': (s) => s.available + s.held + s.sold === s.total,
    'available >= 0': (s) => s.available >= 0,
    [`exactly ${EXPECTED_GRANTS} granted (held + sold)`]: (s) => s.held + s.sold === EXPECTED_GRANTS,
  });
  console.log(`sale ${data.saleId}: ${JSON.stringify(stock)}`);
  if (!ok) {
    fail(`sale ${data.saleId}: expected exactly ${EXPECTED_GRANTS} granted and conserved counters, got ${JSON.stringify(stock)}`);
  }
}
