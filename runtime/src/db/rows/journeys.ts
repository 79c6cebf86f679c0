// Journey stats as both stores total them, from the same two aggregate queries' rows.
import type { ExecutionStatus, JourneyStats, NodeStats } from '../store.js';

/** Executions of the workflow by status. */
export type StatusCount = [status: ExecutionStatus, count: number];
/** Steps by node, status and port, with how many of them are converted goal steps. */
export type NodeCount = [nodeId: string, status: string, port: string | null, count: number, converted: number];

export function journeyStats(byStatus: StatusCount[], byNode: NodeCount[]): JourneyStats {
  const workflow = { started: 0, running: 0, waiting: 0, succeeded: 0, errored: 0, converted: 0 };
  for (const [status, count] of byStatus) {
    workflow.started += count;
    if (status === 'running') workflow.running += count;
    else if (status === 'waiting') workflow.waiting += count;
    else if (status === 'success') workflow.succeeded += count;
    else if (status === 'error') workflow.errored += count;
  }
  const nodes: Record<string, NodeStats> = {};
  for (const [nodeId, status, port, count, converted] of byNode) {
    const node = (nodes[nodeId] ??= { entered: 0, waiting: 0, passed: {}, errored: 0 });
    node.entered += count;
    // An execution ends at one goal, so conversions are the converted goal steps.
    workflow.converted += converted;
    if (status === 'waiting') node.waiting += count;
    else if (status === 'error') node.errored += count;
    else if ((status === 'success' || status === 'skipped') && port !== null) node.passed[port] = (node.passed[port] ?? 0) + count;
  }
  return { workflow, nodes };
}
