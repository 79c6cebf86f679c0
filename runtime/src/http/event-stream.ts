// A server-sent events response (`text/event-stream`): named events with JSON data, a comment as
// heartbeat so that proxies and browsers keep the connection, and clean-up when the client goes.
import type { Express, Request, Response } from 'express';

export const HEARTBEAT_MS = 15_000;

/** A client that reads slower than events arrive is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface EventStreamOptions {
  heartbeatMs?: number;
  /** Called once when the stream closes, by either side. */
  onClose?: () => void;
}

export interface EventStream {
  /** Sends `event: <name>` with `data` as JSON; false once the stream is closed. */
  send(event: string, data: unknown): boolean;
  close(): void;
  readonly closed: boolean;
}

/** The streams open on each app, so that a shutdown can end them (they would hold it forever). */
const openStreams = new WeakMap<object, Set<EventStream>>();

/** Ends every event stream open on `app` (at shutdown: clients reconnect to the next server). */
export function closeEventStreams(app: Express): void {
  for (const stream of [...(openStreams.get(app) ?? [])]) stream.close();
}

/** Switches the response to an event stream: 200 and the headers are sent at once. */
export function openEventStream(req: Request, res: Response, options: EventStreamOptions = {}): EventStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    // no-transform: intermediaries must not compress (and so buffer) the stream.
    'Cache-Control': 'no-cache, no-transform',
    // nginx buffers proxied responses unless told not to.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);

  const streams = openStreams.get(req.app) ?? new Set<EventStream>();
  openStreams.set(req.app, streams);
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const cleanUp = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    streams.delete(stream);
    options.onClose?.();
  };
  const write = (chunk: string): boolean => {
    if (closed) return false;
    res.write(chunk);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      cleanUp();
      res.destroy();
      return false;
    }
    return true;
  };
  const stream: EventStream = {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close() {
      if (closed) return;
      cleanUp();
      res.end();
    },
    get closed() {
      return closed;
    },
  };

  res.on('close', cleanUp);
  if (res.destroyed || req.socket.destroyed) {
    // The client went while the handler was preparing: its 'close' event is past.
    cleanUp();
    return stream;
  }
  streams.add(stream);
  heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  // Tells EventSource how long to wait before it reconnects after a dropped connection.
  write('retry: 3000\n\n');
  return stream;
}
