// Lead-score decay: a contact without an event of their own (anything but `score.changed`) for
// TERN_SCORE_DECAY_DAYS loses TERN_SCORE_DECAY_POINTS, and again after each further such period,
// never going below 0. Each decay records `score.changed` (`reason: "decay"`), so flows see it.
//
// The pass reads "now" from the runtime's clock, so a test moves a fake clock and calls
// decayScoresOnce() instead of waiting; the timer only decides how often a pass runs.
import { isoTime } from '../engine/iso-time.js';
import type { Runtime } from '../runtime.js';
import { ingestEvents, MAX_BATCH } from './events.js';
import { scoreChangedEvent } from './scoring.js';

const DAY_MS = 86_400_000;
const PASS_INTERVAL_MS = 3_600_000;

/** Decays every contact due now; returns how many scores moved. */
export async function decayScoresOnce(runtime: Runtime): Promise<number> {
  const { scoreDecayPoints: points, scoreDecayDays: days } = runtime.config;
  if (points <= 0 || days <= 0) return 0;
  const now = runtime.clock.now();
  const inactiveSince = isoTime(new Date(now.getTime() - days * DAY_MS));
  let moved = 0;
  for (;;) {
    const changes = await runtime.store.contactChanges.decay(inactiveSince, points, isoTime(now), MAX_BATCH);
    if (changes.length > 0) await ingestEvents(runtime, { batch: changes.map((c) => scoreChangedEvent(c, 'decay')) });
    moved += changes.length;
    if (changes.length < MAX_BATCH) return moved;
  }
}

/** Runs a pass every hour while decay is configured. Returns a function that stops it. */
export function scheduleScoreDecay(runtime: Runtime, intervalMs = PASS_INTERVAL_MS): () => void {
  if (runtime.config.scoreDecayPoints <= 0 || runtime.config.scoreDecayDays <= 0) return () => {};
  const timer = setInterval(() => {
    decayScoresOnce(runtime).catch((err: unknown) => runtime.log.error({ err }, 'score decay failed'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
