// data.code in a running Tern: saved through the API (code that does not parse is a 400 naming
// the node and the field), run with the execution's context, and calling out through the real
// SSRF-guarded HTTP client — to a local service it is allowed to reach, never to cloud metadata.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let service: Server;
let serviceUrl: string;

/** manual trigger → data.set → data.code */
const codeWorkflow = (code: string, params: Record<string, unknown> = {}) => ({
  name: 'Order total',
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, params: {} },
    { id: 'order', type: 'data.set', version: 1, params: { values: { items: '{{ trigger.items }}', currency: 'EUR' } } },
    { id: 'total', type: 'data.code', version: 1, params: { code, ...params } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'order', targetPort: 'in' },
    { id: 'e2', source: 'order', sourcePort: 'out', target: 'total', targetPort: 'in' },
  ],
});

async function run(workflow: ReturnType<typeof codeWorkflow>, payload: object) {
  const id = (await t.api('post', '/api/workflows').send(workflow).expect(201)).body.id as string;
  const execution = (await t.api('post', `/api/workflows/${id}/run?wait=true`).send(payload).expect(200)).body;
  return { execution, step: execution.steps.find((s: { nodeId: string }) => s.nodeId === 'total') };
}

beforeAll(async () => {
  service = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk)).on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, received: body ? JSON.parse(body) : null, discount: 0.1 }));
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'] } });
});

afterAll(async () => {
  await t.dispose();
  await new Promise((resolve) => service.close(resolve));
});

describe('data.code in a workflow', () => {
  it('refuses to save code that does not parse, naming the node, the field and the line', async () => {
    const res = await t.api('post', '/api/workflows').send(codeWorkflow('const total = 1;\nreturn total +;')).expect(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ nodeId: 'total', field: 'params.code', message: expect.stringContaining('(line 2)') }));
  });

  it("runs with the execution's context and records what the code returns as the step's output", async () => {
    const code = `
      const total = input.items.reduce((sum, item) => sum + item.price * item.qty, 0);
      return { total, currency: steps.order.currency, customer: trigger.customer, execution: execution.id };`;
    const { execution, step } = await run(codeWorkflow(code), { customer: 'ada@example.com', items: [{ price: 10, qty: 2 }, { price: 5, qty: 1 }] });
    expect(execution.status).toBe('success');
    expect(step).toMatchObject({ status: 'success', output: { total: 25, currency: 'EUR', customer: 'ada@example.com', execution: execution.id } });
  });

  it("fails the execution with the code's own message and line", async () => {
    const { execution, step } = await run(codeWorkflow('if (input.items.length === 0)\n  throw new RangeError("an order needs items");\nreturn 1;'), { items: [] });
    expect(execution.status).toBe('error');
    expect(step).toMatchObject({ status: 'error', error: expect.objectContaining({ message: 'RangeError: an order needs items (line 2)' }) });
  });

  it('calls a service through the guarded client when allowed, and is refused cloud metadata', async () => {
    const code = `
      const quote = await http({ method: 'POST', url: '${serviceUrl}/quote', body: { items: input.items.length } });
      let metadata;
      try { await http({ url: 'http://169.254.169.254/latest/meta-data/' }); metadata = 'reached'; } catch (e) { metadata = 'refused'; }
      return { status: quote.status, quote: quote.body, metadata };`;
    const { step } = await run(codeWorkflow(code, { allowHttp: true, timeoutMs: 5000 }), { items: [{ price: 1, qty: 1 }] });
    expect(step).toMatchObject({
      status: 'success',
      output: { status: 200, quote: { path: '/quote', received: { items: 1 }, discount: 0.1 }, metadata: 'refused' },
    });
  });
});
