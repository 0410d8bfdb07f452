import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
}

test('GET /api/v1/openapi.json is an OpenAPI 3 document generated from the route schemas', async () => {
  const t = await testApp({ tokens: { write: 'w', read: 'r' } });
  try {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as OpenApiDoc;
    assert.match(doc.openapi, /^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    for (const r of [
      'GET /healthz', 'GET /metrics', 'POST /api/v1/targets', 'GET /api/v1/targets', 'GET /api/v1/targets/{id}',
      'PATCH /api/v1/targets/{id}', 'DELETE /api/v1/targets/{id}', 'POST /api/v1/ingest', 'GET /api/v1/top',
      'GET /api/v1/flamegraph', 'GET /api/v1/list', 'GET /api/v1/diff', 'GET /api/v1/profile', 'GET /api/v1/series',
      'GET /api/v1/types', 'GET /api/v1/labels', 'GET /api/v1/labels/{name}/values', 'GET /api/v1/deploys', 'GET /api/v1/memstats',
    ]) assert.ok(routes.includes(r), `${r} missing from ${routes.join(', ')}`);
    const top = doc.paths['/api/v1/top']!['get']!;
    const params = Object.fromEntries((top.parameters ?? []).map((p) => [p.name, p]));
    for (const name of ['query', 'service', 'type', 'from', 'to', 'agg', 'limit', 'granularity']) assert.ok(params[name], `top parameter ${name}`);
    assert.equal(params['type']!.required, true);
    assert.ok(top.responses['200'] && top.responses['400']);
    assert.ok(doc.paths['/api/v1/targets']!['post']!.requestBody, 'target body schema');
  } finally {
    await t.dispose();
  }
});
