import { type Duration, durationMs } from '@tern/shared';

/** A clock that only moves when told to, for nodes that read `ctx.now()`. */
export interface FakeClock {
  /** The current fake time (a fresh Date each call). */
  now: () => Date;
  /** Moves the clock forward by milliseconds or a duration such as `{ amount: 3, unit: 'days' }`. */
  advance: (by: number | Duration) => Date;
  /** Jumps to a point in time. */
  set: (to: Date | string) => Date;
}

/** Creates a fake clock at `start` (a Date or an ISO 8601 string). Pass `clock.now` as `runNode`'s `now`. */
export function fakeClock(start: Date | string): FakeClock {
  let current = toTime(start);
  return {
    now: () => new Date(current),
    advance: (by) => {
      current += typeof by === 'number' ? by : durationMs(by);
      return new Date(current);
    },
    set: (to) => {
      current = toTime(to);
      return new Date(current);
    },
  };
}

function toTime(value: Date | string): number {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) throw new Error(`fakeClock: "${String(value)}" is not a date`);
  return time;
}
