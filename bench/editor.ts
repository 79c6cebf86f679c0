// The editor with a large journey: a 500-node, 600-edge workflow opened in Debian's Chromium
// against a real server. Measures the time until the canvas answers a click (the node is
// selected and the inspector shows it), and the frame times while a node is dragged across it.
import type { WorkflowInput } from '@tern/shared';
import { hasChromium, chromiumMissing, launchBrowser, OWNER, signIn, startServer } from '../editor/e2e/browser.js';

export interface EditorFigures {
  nodes: number;
  edges: number;
  /** From navigation start until the first node is drawn. */
  firstNodeMs: number;
  /** From navigation start until a click on a node has selected it and the inspector shows it. */
  interactiveMs: number;
  /** Animation-frame intervals while dragging a node. */
  dragFrames: number;
  dragFrameMedianMs: number;
  dragFrameP95Ms: number;
  /** Tasks over 50 ms on the main thread during the drag. */
  dragLongTasks: number;
}

/** A layered journey: a webhook trigger, then set and condition nodes, each fed by an earlier one. */
export function largeWorkflow(nodeCount = 500, edgeCount = 600): WorkflowInput {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const columns = 25;
  const nodes: WorkflowInput['nodes'] = [{ id: 'n0', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 },
    params: { path: 'bench-large', method: 'POST', respond: 'immediately' } }];
  for (let i = 1; i < nodeCount; i++) {
    const condition = i % 4 === 0;
    nodes.push({
      id: `n${i}`,
      type: condition ? 'logic.condition' : 'data.set',
      version: 1,
      position: { x: (i % columns) * 280, y: Math.floor(i / columns) * 140 },
      params: condition
        ? { match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: i }] }
        : { values: { [`field_${i}`]: `{{ trigger.body.email }}` } },
    });
  }
  const portsOf = (i: number) => (i === 0 ? ['out'] : i % 4 === 0 ? ['true', 'false'] : ['out']);
  const edges: NonNullable<WorkflowInput['edges']> = [];
  const seen = new Set<string>();
  const connect = (from: number, to: number) => {
    const ports = portsOf(from);
    const port = ports[Math.floor(random() * ports.length)]!;
    const key = `${from}:${port}:${to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, source: `n${from}`, sourcePort: port, target: `n${to}`, targetPort: 'in' });
    return true;
  };
  // Every node is reached from an earlier one (a DAG, so no loop needs a delay)…
  for (let i = 1; i < nodeCount; i++) connect(Math.max(0, i - 1 - Math.floor(random() * 30)), i);
  // …and extra edges join later nodes to earlier branches.
  while (edges.length < edgeCount) {
    const to = 2 + Math.floor(random() * (nodeCount - 2));
    connect(Math.max(1, to - 1 - Math.floor(random() * 60)), to);
  }
  return { name: `Large journey (${nodeCount} nodes)`, nodes, edges, settings: { timezone: 'UTC' } };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function benchEditor(): Promise<EditorFigures | null> {
  if (!hasChromium) {
    console.log(chromiumMissing);
    return null;
  }
  const { server, apiKey } = await startServer({ withOwner: true });
  const browser = await launchBrowser();
  try {
    const workflow = largeWorkflow();
    const created = await server.api('POST', '/api/workflows', workflow, apiKey!);
    if (created.status !== 201) throw new Error(`could not create the workflow: ${JSON.stringify(created.body)}`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, server.url);
    void OWNER;

    // Open it cold, as a marketer would from the list: time to first node and to a working click.
    await page.goto('about:blank');
    await page.goto(`${server.url}/workflows/${created.body.id}`);
    const target = page.getByTestId('node-n1');
    await target.waitFor();
    const firstNodeMs = await page.evaluate(() => performance.now());
    await target.click();
    await page.waitForFunction(() => {
      const id = document.querySelector('[data-testid="inspector-id"]');
      return (id instanceof HTMLInputElement ? id.value : id?.querySelector('input')?.value) === 'n1';
    });
    const interactiveMs = await page.evaluate(() => performance.now());

    // Drag it in small steps while the page records every animation frame and long task.
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__long = 0;
      window.__stop = false;
      new PerformanceObserver((list) => { window.__long += list.getEntries().length; }).observe({ type: 'longtask' });
      const loop = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    })()`);
    const box = (await target.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + 12;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 120; step++) {
      await page.mouse.move(x + step * 3, y + Math.sin(step / 10) * 40);
      await page.evaluate(() => new Promise(requestAnimationFrame));
    }
    await page.mouse.up();
    const { frames, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __long: number; __stop: boolean };
      w.__stop = true;
      return { frames: w.__frames, longTasks: w.__long };
    });
    const intervals = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
    return {
      nodes: workflow.nodes.length,
      edges: workflow.edges!.length,
      firstNodeMs,
      interactiveMs,
      dragFrames: intervals.length,
      dragFrameMedianMs: percentile(intervals, 0.5),
      dragFrameP95Ms: percentile(intervals, 0.95),
      dragLongTasks: longTasks,
    };
  } finally {
    await browser.close();
    await server.dispose();
  }
}
