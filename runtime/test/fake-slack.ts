// A local stand-in for Slack's incoming webhooks that checks requests the way Slack does: POST to
// /services/T…/B…/<token> with a JSON body holding `text` (or `blocks`). It answers as Slack
// answers: 200 `ok`, 400 `invalid_payload` or `no_text`, 403 `invalid_token`, 404 `no_service`.
import { startServer, type TestServer } from '../src/adapters/test-server.js';

export interface FakeSlack {
  /** The webhook URL Slack would hand out (the secret). */
  webhookUrl: string;
  /** The messages Slack accepted, as posted. */
  messages: Array<Record<string, unknown>>;
  server: TestServer;
  close(): Promise<void>;
}

export async function startFakeSlack(token: string): Promise<FakeSlack> {
  const path = `/services/T0001/B0001/${token}`;
  const messages: Array<Record<string, unknown>> = [];
  const server = await startServer((req, res) => {
    const answer = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    if (req.method !== 'POST' || !req.url.startsWith('/services/')) return answer(404, 'no_service');
    if (req.url !== path) return answer(403, 'invalid_token');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return answer(400, 'invalid_payload');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return answer(400, 'invalid_payload');
    }
    const hasText = typeof body.text === 'string' && body.text.trim() !== '';
    if (!hasText && !Array.isArray(body.blocks)) return answer(400, 'no_text');
    messages.push(body);
    return answer(200, 'ok');
  });
  return { webhookUrl: `${server.origin}${path}`, messages, server, close: () => server.close() };
}
