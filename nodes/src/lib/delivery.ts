// What the nodes that deliver through a provider (email, SMS, CRM) share: reading their
// credential, and telling a refusal (the `error` port) from a failure worth a retry.
import { type ChannelCredential, isDeliveryError, type NodeContext, type NodeResult, next, ParamError } from '@tern/shared';
import { messageOf } from './params.js';

/**
 * A node's credential, read through `ctx.services.credentials` (so its secrets are redacted from
 * the step's record), in the shape the email and SMS services take. A missing credential or one
 * of the wrong type fails the step on `params.credential`: that needs a fix, not a branch.
 */
export async function channelCredential(ctx: NodeContext<unknown>, id: string, types: string[]): Promise<ChannelCredential> {
  try {
    const { type, data } = await ctx.services.credentials.get(id, types);
    return { id, type, data };
  } catch (err) {
    throw new ParamError('params.credential', messageOf(err));
  }
}

/**
 * A refusal (`DeliveryError` of kind `rejected`) goes out on `error` with the provider's words and
 * details; anything else — a temporary failure, a bug — is thrown again, so the step fails and the
 * node's `retry` can send again.
 */
export function refusalOrThrow(err: unknown, output: Record<string, unknown>): NodeResult {
  if (!isDeliveryError(err) || err.kind === 'temporary') throw err;
  return next({ message: err.message, ...output, ...err.details }, 'error');
}
