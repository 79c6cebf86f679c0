import { describe, expect, it } from 'vitest';
import { type FakeHttpHandler, runNode, type RunNodeOptions } from '../testing/index.js';
import { hubspotNode } from './hubspot.js';

const credentials = {
  hs: { type: 'hubspot', data: { token: 'pat-eu1-secret' } },
  local: { type: 'hubspot', data: { token: 'pat-2', baseUrl: 'https://hubspot.internal.example/' } },
  mail: { type: 'smtp', data: {} },
};
const contact = { email: 'Ada@Example.com ', first_name: 'Ada', score: 120 };

function hubspot(params: Record<string, unknown>, http: FakeHttpHandler, options: Partial<RunNodeOptions> = {}) {
  return runNode(hubspotNode, { params: { credential: 'hs', ...params }, contact, credentials, http, ...options });
}

const upsertAnswer = {
  status: 200,
  body: {
    status: 'COMPLETE',
    results: [{ id: '151', properties: { email: 'ada@example.com', firstname: 'Ada' }, createdAt: '2026-01-05T09:00:00Z', updatedAt: '2026-01-05T09:00:00Z', archived: false, new: true }],
  },
};

describe('crm.hubspot', () => {
  it('upserts a contact by email through CRM v3 with the bearer token, and goes on with the record', async () => {
    const params = { action: 'upsert_contact', properties: { email: '{{ contact.email }}', firstname: '{{ contact.first_name }}', hs_lead_score: '{{ contact.score }}', vip: true } };
    const { result, requests } = await hubspot(params, () => upsertAnswer);
    expect(requests).toEqual([{
      method: 'POST',
      url: 'https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert',
      headers: { Authorization: 'Bearer pat-eu1-secret', Accept: 'application/json' },
      body: { inputs: [{ idProperty: 'email', id: 'ada@example.com', properties: { email: 'ada@example.com', firstname: 'Ada', hs_lead_score: '120', vip: 'true' } }] },
      timeoutMs: 15_000,
      retries: 2,
    }]);
    expect(result).toEqual({
      kind: 'continue', port: 'out',
      output: { id: '151', properties: { email: 'ada@example.com', firstname: 'Ada' }, createdAt: '2026-01-05T09:00:00Z', updatedAt: '2026-01-05T09:00:00Z', created: true },
    });
  });

  it('creates a deal associated with a contact, at the base URL of the credential, without client retries', async () => {
    const deal = { id: '9001', properties: { dealname: 'Ada – Pro', amount: '490' }, createdAt: '2026-01-05T09:00:00Z', archived: false };
    const params = { credential: 'local', action: 'create_deal', properties: { dealname: 'Ada – Pro', amount: 490, pipeline: 'default' }, associateContactId: '{{ steps.upsert.id }}' };
    const { result, requests } = await hubspot(params, () => ({ status: 201, body: deal }), { steps: { upsert: { id: '151' } } });
    expect(requests[0]).toMatchObject({
      url: 'https://hubspot.internal.example/crm/v3/objects/deals',
      headers: { Authorization: 'Bearer pat-2' },
      body: {
        properties: { dealname: 'Ada – Pro', amount: '490', pipeline: 'default' },
        associations: [{ to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
      },
      retries: 0,
    });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: { id: '9001', properties: deal.properties, createdAt: '2026-01-05T09:00:00Z' } });
  });

  it("routes HubSpot's refusal to the error port with its message", async () => {
    const refusal = {
      status: 400,
      body: { status: 'error', message: 'Property values were not valid: [{"name":"amount","error":"INVALID_DOUBLE"}]', correlationId: 'abc-1', category: 'VALIDATION_ERROR' },
    };
    const { result } = await hubspot({ action: 'create_deal', properties: { amount: 'lots' } }, () => refusal);
    expect(result).toEqual({
      kind: 'continue', port: 'error',
      output: { message: refusal.body.message, status: 400, category: 'VALIDATION_ERROR', correlationId: 'abc-1' },
    });
  });

  it('routes a per-input error of a batch answer (207) to the error port', async () => {
    const partial = { status: 207, body: { status: 'COMPLETE', results: [], errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Email address ada@ is invalid' }] } };
    const { result } = await hubspot({ action: 'upsert_contact', properties: { email: 'ada@' } }, () => partial);
    expect(result).toMatchObject({ port: 'error', output: { message: 'Email address ada@ is invalid', status: 207, category: 'VALIDATION_ERROR' } });
  });

  it('refuses an upsert without an email, calling nothing', async () => {
    const { result, requests } = await hubspot({ action: 'upsert_contact', properties: { email: '{{ contact.nothing }}', firstname: 'x' } }, () => upsertAnswer);
    expect(requests).toEqual([]);
    expect(result).toMatchObject({ port: 'error', output: { message: 'params.properties.email is empty: HubSpot finds a contact by its email' } });
  });

  it('fails the step when HubSpot fails or cannot be reached, so the node retry applies', async () => {
    const down = { status: 503, body: { status: 'error', message: 'Service unavailable' } };
    await expect(hubspot({ action: 'create_deal', properties: { dealname: 'x' } }, () => down)).rejects.toThrow('HubSpot answered with HTTP status 503: Service unavailable');
    await expect(hubspot({ action: 'create_deal', properties: { dealname: 'x' } }, () => { throw new Error('request to api.hubapi.com timed out'); }))
      .rejects.toThrow('timed out');
  });

  it('fails the step on a credential of another type', async () => {
    await expect(hubspot({ credential: 'mail', action: 'create_deal', properties: {} }, () => upsertAnswer)).rejects.toThrow(/^params\.credential: .*expected hubspot/);
  });
});
