// ISO 8601 text of a time, as every timestamp of a run is recorded. V8's Date#toISOString formats
// through a generic printf-style routine and took about 5 % of the instructions of resuming a
// wait; a busy runner asks for the same millisecond over and over (a step's start, its finish,
// the execution's finish, the next step's start), so the last answer is kept.

let lastMs = Number.NaN;
let lastText = '';

export function isoTime(date: Date): string {
  const ms = date.getTime();
  // An invalid date (NaN) never matches, so toISOString throws for it as before.
  if (ms !== lastMs) {
    lastText = date.toISOString();
    lastMs = ms;
  }
  return lastText;
}
