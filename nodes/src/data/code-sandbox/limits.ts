// The limits of a data.code run: the ones a workflow author may set (time, memory) with their
// defaults and bounds, and the fixed ones that keep one run from weighing on the server.

/** Wall-clock time a run may take, awaited HTTP calls included. */
export const TIME_LIMIT_MS = { default: 1_000, min: 10, max: 10_000 } as const;

/** Memory the run's QuickJS runtime may allocate (its copy of the context included). */
export const MEMORY_LIMIT_MB = { default: 32, min: 8, max: 128 } as const;

/**
 * QuickJS does not count every allocation against its limit (array storage it grows in place
 * escapes it), so two backstops bound what a run can take: it is interrupted once the WebAssembly
 * memory has grown by this many times its limit, and a worker's WebAssembly memory can never grow
 * past MODULE_MEMORY_MAX_BYTES, whatever happens inside one native call.
 */
export const MEMORY_GROWTH_FACTOR = 2;
export const MODULE_MEMORY_MAX_BYTES = MEMORY_LIMIT_MB.max * 1.5 * 2 ** 20;
/** WebAssembly memory never shrinks: a worker whose module has grown past this gets a fresh one. */
export const MODULE_RECYCLE_BYTES = 64 * 2 ** 20;

/** QuickJS's own stack limit. WebAssembly frames live on the worker thread's native stack, so this
 *  must stay well below it (see WORKER_STACK_MB): past it the host, not QuickJS, would overflow. */
export const STACK_LIMIT_BYTES = 256 * 1024;
export const WORKER_STACK_MB = 4;

/** Largest code a node may hold, in characters. */
export const MAX_CODE_CHARS = 100_000;

/** Largest result, as JSON characters. */
export const MAX_RESULT_CHARS = 5 * 1024 * 1024;

/** console.* lines kept per run, and characters per line. */
export const MAX_CONSOLE_LINES = 100;
export const MAX_CONSOLE_LINE_CHARS = 2_000;

/** http() calls per run (when the author allows them). */
export const MAX_HTTP_CALLS = 20;

/** How long after its time limit a run's worker is terminated if it has not answered. */
export const WATCHDOG_GRACE_MS = 2_000;
