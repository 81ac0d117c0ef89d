// The spec's scenario: 20,000 distinct shoppers arrive within 60 s (open model: arrivals do not
// wait for earlier answers) on one sale of 1,000 units. Exactly 1,000 must be granted.
//   BASE_URL=http://127.0.0.1:8080 k6 run k6/reserve-spec.js
// Optional: SALE_ID (use an existing sale), SHOPPERS (default 20000), UNITS (default 1000).
import { prepare, reserve, verify } from './lib.js';

export const options = {
  setupTimeout: '300s',
  noVUConnectionReuse: true, // each shopper on its own connection, as browsers do
  scenarios: {
    spec: {
      executor: 'constant-arrival-rate',
      rate: 1000,
      timeUnit: '3s', // 333.3 arrivals/s, 20,000 in 60 s
      duration: '60s',
      preAllocatedVUs: 200,
      maxVUs: 2000,
    },
  },
  thresholds: {
    'http_req_duration{name:reserve}': ['p(99)<10', 'p(99.9)<50'],
    'http_req_failed{name:reserve}': ['rate==0'],
    checks: ['rate==1'],
    reserve_granted: ['count<=1000'],
  },
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'p(99.9)', 'max'],
};

export function setup() {
  return prepare();
}

export default function (data) {
  reserve(data);
}

export function teardown(data) {
  verify(data);
}
