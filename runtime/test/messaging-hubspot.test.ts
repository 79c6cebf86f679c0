// crm.hubspot through the whole runtime, against a local server that checks requests the way
// HubSpot's CRM v3 API does and answers in its shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHubspot, startFakeHubspot } from '../../test-support/fakes/hubspot.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let hubspot: FakeHubspot;
let credentialId: string;
let workflowId: string;

beforeAll(async () => {
  hubspot = await startFakeHubspot();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'] } });
  credentialId = await createCredential(hubspot.credential);
  workflowId = await createHandOff(credentialId);
});

afterAll(async () => {
  await t?.dispose();
  await hubspot?.close();
});

async function createCredential(data: object): Promise<string> {
  return (await t.api('post', '/api/credentials').send({ type: 'hubspot', name: 'HubSpot', data }).expect(201)).body.id as string;
}

/** A hot lead handed to sales: upsert the contact, then create a deal associated with it. */
async function createHandOff(credential: string): Promise<string> {
  const { body } = await t.api('post', '/api/workflows').send({
    name: `Hand-off ${credential}`,
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, params: {} },
      { id: 'upsert', type: 'crm.hubspot', version: 1, params: {
        credential, action: 'upsert_contact',
        properties: { email: '{{ trigger.email }}', firstname: '{{ trigger.name }}', lifecyclestage: '{{ trigger.stage }}' },
      } },
      { id: 'deal', type: 'crm.hubspot', version: 1, params: {
        credential, action: 'create_deal', associateContactId: '{{ steps.upsert.id }}',
        properties: { dealname: '{{ trigger.name }} – Pro plan', amount: '{{ trigger.amount }}', pipeline: 'default', dealstage: 'appointmentscheduled' },
      } },
      { id: 'upsert_failed', type: 'data.set', version: 1, params: { values: { reason: '{{ steps.upsert.message }}' } } },
      { id: 'deal_failed', type: 'data.set', version: 1, params: { values: { reason: '{{ steps.deal.message }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'upsert' },
      { id: 'e2', source: 'upsert', target: 'deal' },
      { id: 'e3', source: 'upsert', sourcePort: 'error', target: 'upsert_failed' },
      { id: 'e4', source: 'deal', sourcePort: 'error', target: 'deal_failed' },
    ],
  }).expect(201);
  return body.id as string;
}

async function run(id: string, payload: object) {
  const { body } = await t.api('post', `/api/workflows/${id}/run?wait=true`).send(payload).expect(200);
  return body as { status: string; steps: Array<{ nodeId: string; port: string | null; output: any }> };
}

const stepOf = (execution: Awaited<ReturnType<typeof run>>, nodeId: string) => execution.steps.find((s) => s.nodeId === nodeId);

describe('crm.hubspot through the CRM v3 API', () => {
  it('upserts the contact by email and creates a deal associated with it', async () => {
    const execution = await run(workflowId, { email: 'Ada@Example.com', name: 'Ada', stage: 'lead', amount: 490 });
    expect(execution.status).toBe('success');
    const contact = stepOf(execution, 'upsert')!;
    expect(contact).toMatchObject({ port: 'out', output: { id: expect.any(String), created: true, properties: { email: 'ada@example.com', firstname: 'Ada' } } });
    const deal = stepOf(execution, 'deal')!;
    expect(deal).toMatchObject({ port: 'out', output: { id: expect.any(String), properties: { dealname: 'Ada – Pro plan', amount: '490' } } });

    expect(hubspot.contacts.get(contact.output.id)?.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada', lifecyclestage: 'lead' });
    expect(hubspot.deals.get(deal.output.id)?.associations).toEqual([{ toId: contact.output.id, typeId: 3 }]);
    const request = hubspot.requests.find((r) => r.url === '/crm/v3/objects/contacts/batch/upsert')!;
    expect(request.headers.authorization).toBe(`Bearer ${hubspot.token}`);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
  });

  it('updates the same HubSpot contact when the email comes again', async () => {
    const first = await run(workflowId, { email: 'grace@example.com', name: 'Grace', stage: 'lead', amount: 100 });
    const again = await run(workflowId, { email: 'GRACE@example.com', name: 'Grace H.', stage: 'opportunity', amount: 200 });
    const id = stepOf(first, 'upsert')!.output.id;
    expect(stepOf(again, 'upsert')!.output).toMatchObject({ id, created: false });
    expect(hubspot.contacts.get(id)?.properties).toMatchObject({ firstname: 'Grace H.', lifecyclestage: 'opportunity' });
  });

  it("takes the error port with HubSpot's message when it refuses a value", async () => {
    const execution = await run(workflowId, { email: 'lin@example.com', name: 'Lin', stage: 'lead', amount: 'lots' });
    expect(execution.status).toBe('success');
    const deal = stepOf(execution, 'deal')!;
    expect(deal.port).toBe('error');
    expect(deal.output).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(deal.output.message).toMatch(/^Property values were not valid: .*lots is not a valid number/);
    expect(stepOf(execution, 'deal_failed')!.output.reason).toBe(deal.output.message);
  });

  it("takes the error port with HubSpot's message when the token is wrong, never recording the token", async () => {
    const wrong = await createCredential({ ...hubspot.credential, token: 'pat-eu1-revoked' });
    const execution = await run(await createHandOff(wrong), { email: 'ada@example.com', name: 'Ada', stage: 'lead', amount: 1 });
    const upsert = stepOf(execution, 'upsert')!;
    expect(upsert).toMatchObject({ port: 'error', output: { status: 401, category: 'INVALID_AUTHENTICATION' } });
    expect(upsert.output.message).toMatch(/^Authentication credentials not found/);
    expect(stepOf(execution, 'deal')).toBeUndefined();
    expect(JSON.stringify(execution)).not.toContain('pat-eu1-revoked');
  });
});
