// Burst variant: the same 20,000 distinct shoppers arrive within 5 s (4,000 arrivals/s).
//   BASE_URL=http://127.0.0.1:8080 k6 run k6/reserve-burst.js
import { options as k6Options } from './lib.js';

export const options = k6Options({
  name: 'burst',
  executor: {
    executor: 'ramping-arrival-rate',
    startRate: 4000,
    timeUnit: '1s',
    preAllocatedVUs: 1000,
    maxVUs: 10000,
    stages: [{ target: 4000, duration: '5s' }],
  },
}, ['p(99)<250']);

// k6 runs setup (admin token, sale, shopper tokens), one reserve per arrival, then teardown (checks)
export { default, setup, teardown } from './lib.js';
