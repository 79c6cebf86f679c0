// The code's http(request): a JSON request from the sandbox, checked here and sent through the
// node's ctx.services.http — the same SSRF-guarded client every node uses — and the answer handed
// back as JSON. Nothing else of ctx.services is reachable from the code.
import { explainIssues, type HttpService, joinPath } from '@tern/shared';
import { httpRequestParams } from '../../http/request.js';

/** What the code may pass: the http.request node's request fields. */
const sandboxRequest = httpRequestParams.pick({ method: true, url: true, headers: true, query: true, body: true, timeoutMs: true }).strict();

/** Sends one request; rejects with a message for the code (bad request, refused address, network error, timeout). */
export async function forwardHttp(http: HttpService, requestJson: string, remainingMs: number): Promise<string> {
  const parsed = sandboxRequest.safeParse(JSON.parse(requestJson));
  if (!parsed.success) {
    const issue = explainIssues(parsed.error.issues)[0]!;
    throw new Error(`http(): ${joinPath('request', issue.path)}: ${issue.message}`);
  }
  if (remainingMs <= 0) throw new Error("http(): no time is left of the code's time limit");
  const { timeoutMs, ...request } = parsed.data;
  // The call may not outlive the run that made it.
  const response = await http.request({ ...request, timeoutMs: Math.min(timeoutMs, remainingMs) });
  return JSON.stringify({ status: response.status, headers: response.headers, body: response.body ?? null });
}
