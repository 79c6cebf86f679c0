import type { TrackingService, TrackingTarget } from '@tern/shared';

/**
 * Tracking links that are easy to read in a test's assertions (the runtime's are signed tokens):
 * `https://tern.test/t/<kind>/<execution>.<node>.<contact or email>`, and `?to=<url>` for clicks.
 */
export class FakeTracking implements TrackingService {
  constructor(readonly base = 'https://tern.test') {}

  openUrl(target: TrackingTarget): string {
    return `${this.base}/t/open/${subject(target)}`;
  }

  clickUrl(target: TrackingTarget, url: string): string {
    return `${this.base}/t/click/${subject(target)}?to=${encodeURIComponent(url)}`;
  }

  unsubscribeUrl(target: TrackingTarget): string {
    return `${this.base}/t/unsubscribe/${subject(target)}`;
  }
}

function subject(target: TrackingTarget): string {
  return [target.executionId, target.nodeId, target.contactId ?? target.email ?? '-'].map(encodeURIComponent).join('.');
}
