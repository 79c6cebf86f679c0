// Events ingested per second through POST /api/events against a real server: one event per
// request, and batches of 100. Each event is a page view of one of 10,000 contacts (created on
// their first event, updated after), with one active scoring rule on the event type, so every
// event also scores its contact; no workflow listens, so this is the ingestion path alone.
import { ServerProcess } from '../runtime/test/server-process.js';
import { load, type LoadResult } from './load.js';

const CONTACTS = 10_000;
const BATCH = 100;

export interface EventFigures {
  single: LoadResult & { eventsPerSecond: number };
  batch: LoadResult & { eventsPerSecond: number };
  /** Contacts in the database after the run. */
  contacts: number;
  connections: number;
  seconds: number;
}

let n = 0;
const pageView = () => ({ type: 'page.viewed', contact: { email: `visitor-${n++ % CONTACTS}@example.com` }, data: { path: '/pricing' } });

export async function benchEvents(seconds: number, connections: number): Promise<EventFigures> {
  const server = await ServerProcess.create({ TERN_LOG_LEVEL: 'error' });
  try {
    await server.start();
    const key = (await server.api('POST', '/api/setup', { email: 'bench@example.com', password: 'bench-password' })).body.apiKey as string;
    await server.api('POST', '/api/scoring-rules', { name: 'Pricing views', event: 'page.viewed', points: 1 }, key);
    const url = `${server.url}/api/events`;
    const headers = { authorization: `Bearer ${key}` };
    const single = () => load(url, pageView(), seconds, connections, { headers, bodyOf: pageView });
    const batch = () => load(url, null, seconds, connections, { headers, bodyOf: () => ({ batch: Array.from({ length: BATCH }, pageView) }) });
    await load(url, null, 2, connections, { headers, bodyOf: pageView }); // warm-up, and most contacts created
    const singleResult = await single();
    const batchResult = await batch();
    const total = (await server.api('GET', '/api/contacts?limit=1', undefined, key)).body.total as number;
    return {
      single: { ...singleResult, eventsPerSecond: singleResult.requestsPerSecond },
      batch: { ...batchResult, eventsPerSecond: batchResult.requestsPerSecond * BATCH },
      contacts: total,
      connections,
      seconds,
    };
  } finally {
    await server.dispose();
  }
}
