// Burst variant: the same 20,000 distinct shoppers arrive within 5 s (4,000 arrivals/s).
//   BASE_URL=http://127.0.0.1:8080 k6 run k6/reserve-burst.js
import { prepare, reserve, verify } from './lib.js';

export const options = {
  setupTimeout: '300s',
  noVUConnectionReuse: true,
  scenarios: {
    burst: {
      executor: 'ramping-arrival-rate',
      startRate: 4000,
      timeUnit: '1s',
      preAllocatedVUs: 1000,
      maxVUs: 10000,
      stages: [{ target: 4000, duration: '5s' }],
    },
  },
  thresholds: {
    'http_req_duration{name:reserve}': ['p(99)<250'],
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
