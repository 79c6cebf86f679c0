// GET / while the editor is not built (editor.ts serves it once it is): a plain page that tells a
// new user Tern is running, how to build the editor and what to do first. No external resources:
// it works offline.
import type { Response } from 'express';
import type { Runtime } from '../../runtime.js';

const page = (ownerExists: boolean, url: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tern</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; } p.lead { color: #52606d; margin-top: 0; }
  pre { background: #f5f7fa; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; font-size: .85rem; }
  .ok { color: #18794e; font-weight: 600; }
  @media (prefers-color-scheme: dark) { body { background: #111417; color: #e4e7eb; } pre { background: #1f2429; } p.lead { color: #9aa5b1; } }
</style></head>
<body>
<h1>Tern</h1>
<p class="lead">Workflow automation for marketing: webhooks, conditions, delays and HTTP calls, run durably.</p>
<p class="ok">The server is running.</p>
<p>The visual editor is not built: <code>npm run build</code> in Tern's folder builds it (then reload
this page). Without it, Tern is driven through its HTTP API and the <code>tern</code> command line;
the README walks through it in five minutes.</p>
${ownerExists
    ? '<p>The owner account exists. Use your API key (<code>Authorization: Bearer …</code>) with the API.</p>'
    : `<p>First step: create the owner account. The answer holds your API key.</p>
<pre>curl -X POST ${url}/api/setup -H 'content-type: application/json' \\
  -d '{"email":"you@example.com","password":"choose-a-long-one"}'</pre>`}
<p>Health: <a href="/api/health">/api/health</a></p>
</body></html>`;

/** Sends the page (the caller sets the headers every HTML page gets). */
export async function sendHomePage(runtime: Runtime, res: Response): Promise<void> {
  const ownerExists = await runtime.store.auth.hasOwner();
  res.type('html').send(page(ownerExists, runtime.config.publicUrl));
}
