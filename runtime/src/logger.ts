// Structured logs (pino). Known secret-bearing fields are censored wherever they appear.
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'tern' },
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
        '*.password', '*.token', '*.secret', '*.apiKey', '*.authToken', 'password', 'token', 'secret',
      ],
      censor: '[redacted]',
    },
  });
}
