// Structured logs (pino). Known secret-bearing fields are censored wherever they appear. On a
// terminal the lines are printed for people; elsewhere (Docker, log shippers) as JSON lines.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export function createLogger(level: string, format: LogFormat = defaultFormat()): Logger {
  const options = {
    level,
    base: { service: 'tern' },
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
        '*.password', '*.token', '*.secret', '*.apiKey', '*.authToken', 'password', 'token', 'secret',
      ],
      censor: '[redacted]',
    },
  };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' }));
}

/** TERN_LOG_FORMAT wins; otherwise people-readable on a terminal, JSON lines anywhere else. */
function defaultFormat(): LogFormat {
  const chosen = process.env.TERN_LOG_FORMAT;
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return process.stdout.isTTY ? 'pretty' : 'json';
}
