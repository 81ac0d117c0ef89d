// The spec's scenario: 20,000 distinct shoppers arrive within 60 s (open model: arrivals do not
// wait for earlier answers) on one sale of 1,000 units. Exactly 1,000 must be granted.
//   BASE_URL=http://127.0.0.1:8080 k6 run k6/reserve-spec.js
// Optional: SALE_ID (use an existing sale), SHOPPERS (default 20000), UNITS (default 1000).
import { options as k6Options } from './lib.js';

export const options = k6Options({
  name: 'spec',
  executor: {
    executor: 'constant-arrival-rate',
    rate: 1000,
    timeUnit: '3s', // 333.3 arrivals/s: 20,000 in 60 s
    duration: '60s',
    preAllocatedVUs: 200,
    maxVUs: 2000,
  },
}, ['p(99)<5', 'p(99.9)<20']);

// k6 runs setup (admin token, sale, shopper tokens), one reserve per arrival, then teardown (checks)
export { default, setup, teardown } from './lib.js';
