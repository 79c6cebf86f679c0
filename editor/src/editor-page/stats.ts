// The journey stats overlay: loaded from the server when switched on (and on "Refresh"), cleared
// when switched off. Stats belong to a saved workflow; a new one has none yet.
import { workflowStats } from '../api/journeys.js';
import { toast } from '../ui/toast.js';
import type { EditorSession } from './session.js';

export async function loadStats({ store, page }: EditorSession): Promise<void> {
  const id = page.getState().meta?.id;
  if (!id) return;
  try {
    store.getState().setStats(await workflowStats(id));
  } catch (err) {
    toast.fail(err, 'The journey stats cannot be loaded');
  }
}

export function toggleStats(session: EditorSession): void {
  if (session.store.getState().stats) session.store.getState().setStats(null);
  else void loadStats(session);
}
