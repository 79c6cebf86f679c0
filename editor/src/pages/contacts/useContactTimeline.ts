// Loads the three sources of a contact's timeline side by side, plus the workflow names the
// messages and journeys link to.
import { useEffect, useState } from 'react';
import { contactEvents, contactJourneys, contactMessages } from '../../api/contacts.js';
import { listWorkflows } from '../../api/workflows.js';
import { mergeTimeline, type TimelineItem } from './timeline.js';

export interface TimelineLoad {
  loading: boolean;
  items: TimelineItem[];
  /** The sources that could not be loaded, as "messages: …". */
  failures: string[];
  workflowNames: Map<string, string>;
}

const settle = <T>(p: Promise<{ items: T[] }>) =>
  p.then((page) => ({ items: page.items, error: null as string | null }), (err: unknown) => ({ items: [] as T[], error: err instanceof Error ? err.message : String(err) }));

export function useContactTimeline(contactId: string, generation: number): TimelineLoad {
  const [load, setLoad] = useState<TimelineLoad>({ loading: true, items: [], failures: [], workflowNames: new Map() });
  useEffect(() => {
    let live = true;
    setLoad((l) => ({ ...l, loading: true }));
    void Promise.all([
      settle(contactEvents(contactId)),
      settle(contactMessages(contactId)),
      settle(contactJourneys(contactId)),
      settle(listWorkflows({ limit: 1000 })),
    ]).then(([events, messages, journeys, workflows]) => {
      if (!live) return;
      const failures = [['events', events.error], ['messages', messages.error], ['journeys', journeys.error]]
        .filter(([, e]) => e !== null).map(([what, e]) => `${what}: ${e}`);
      setLoad({
        loading: false,
        items: mergeTimeline(events.items, messages.items, journeys.items),
        failures,
        workflowNames: new Map(workflows.items.map((w) => [w.id, w.name])),
      });
    });
    return () => {
      live = false;
    };
  }, [contactId, generation]);
  return load;
}
