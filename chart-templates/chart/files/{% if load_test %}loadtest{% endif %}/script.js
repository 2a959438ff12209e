// herokube's k6 load test. The same script runs against the Heroku app and the new cluster, so
// the two summaries compare before DNS moves (docs/migration.md, "Load test"):
//
//   k6 run -e BASE_URL=https://<app>.herokuapp.com --summary-export heroku.json script.js
//   k6 run -e BASE_URL=http://localhost:8080 --summary-export cluster.json script.js
//
// What it requests, how hard and the pass marks live in routes.json beside this file: edit that
// file, not this one. In the cluster, the k6-operator TestRun (templates/loadtest-testrun.yaml)
// runs it with BASE_URL set. RESOLVE=<address> sends BASE_URL's host name to that address
// instead of the one DNS gives (the cluster's load balancer, before DNS moves).
import http from 'k6/http';
import { check } from 'k6';

const config = JSON.parse(open('./routes.json'));

// Heroku's router cut every request off after 30 s (H12); nothing may take longer here either.
const ROUTER_TIMEOUT_MS = 30000;

const BASE_URL = String(__ENV.BASE_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+/.test(BASE_URL)) {
  throw new Error('set the target: k6 run -e BASE_URL=https://<host> script.js');
}
const RESOLVE = String(__ENV.RESOLVE || '');

const routes = config.routes.filter((route) => route.weight > 0);
if (routes.length === 0) {
  throw new Error('routes.json lists no route with a weight above 0');
}
const totalWeight = routes.reduce((sum, route) => sum + route.weight, 0);
const errorRate = config.thresholds.errorRatePercent / 100;

export const options = {
  scenarios: {
    traffic: {
      executor: 'constant-arrival-rate',
      rate: config.load.rate,
      timeUnit: '1s',
      duration: config.load.duration,
      preAllocatedVUs: config.load.preAllocatedVUs,
      maxVUs: config.load.maxVUs,
    },
  },
  thresholds: {
    http_req_failed: [`rate<${errorRate}`],
    http_req_duration: [
      `p(95)<${config.thresholds.p95Milliseconds}`,
      { threshold: `max<${ROUTER_TIMEOUT_MS}`, abortOnFail: true },
    ],
    checks: [`rate>${1 - errorRate}`],
  },
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
};
if (RESOLVE) {
  options.hosts = { [BASE_URL.split('/')[2].split(':')[0]]: RESOLVE };
}

function pickRoute() {
  let point = Math.random() * totalWeight;
  for (const route of routes) {
    point -= route.weight;
    if (point < 0) {
      return route;
    }
  }
  return routes[routes.length - 1];
}

export default function () {
  const route = pickRoute();
  const expected = route.expect || [200];
  const response = http.request(route.method || 'GET', BASE_URL + route.path, route.body || null, {
    headers: route.headers || {},
    timeout: `${ROUTER_TIMEOUT_MS}ms`,
    tags: { name: route.name },
  });
  check(response, {
    [`${route.name}: status ${expected.join(' or ')}`]: (r) => expected.indexOf(r.status) !== -1,
  });
}
