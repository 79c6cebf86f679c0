// What the host (the pool, on the server's thread) and a sandbox worker tell each other. Every
// value crossing is plain data: strings and numbers, JSON text for anything shaped.

/** One run of author code. */
export interface SandboxJob {
  /** JavaScript evaluating to the async function to run: `(async function () { … })`. */
  source: string;
  /** JSON of the globals the code reads: `{ input, trigger, steps, contact, workflow, execution }`. */
  contextJson: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  /** Whether the code gets an `http(request)` function. */
  allowHttp: boolean;
}

export type ConsoleLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ConsoleLine {
  level: ConsoleLevel;
  text: string;
}

export type FailureKind =
  /** The code does not parse. */
  | 'syntax'
  /** The code threw (or its promise rejected). */
  | 'thrown'
  /** It ran past its time limit. */
  | 'timeout'
  /** It allocated past its memory limit. */
  | 'memory'
  /** It awaits something nothing can settle any more. */
  | 'never_settles'
  /** Its result is not JSON (a function, a symbol, a cycle…) or is too large. */
  | 'result'
  /** The sandbox itself failed; the worker was replaced. */
  | 'crashed';

export interface SandboxFailure {
  kind: FailureKind;
  message: string;
  /** Line in the source the worker ran (see `SandboxJob.source`), when known. */
  line?: number;
}

export type SandboxOutcome = ({ ok: true; value: unknown } | { ok: false; failure: SandboxFailure }) & {
  console: ConsoleLine[];
};

export type HostMessage =
  | { type: 'run'; job: SandboxJob }
  | { type: 'http_result'; callId: number; ok: true; response: string }
  | { type: 'http_result'; callId: number; ok: false; message: string };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'http'; callId: number; request: string }
  | { type: 'done'; outcome: SandboxOutcome };
