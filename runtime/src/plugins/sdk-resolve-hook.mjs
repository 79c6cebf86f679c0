// A module resolution hook (node:module register()): `@tern/node-sdk` imported by anything
// resolves to the SDK of this Tern, whatever copy (or none) a package's node_modules holds. The
// SDK acts as a peer dependency: a package needs no node_modules at run time, and Tern, its
// packages and the SDK share one @tern/shared and one zod. Plain JavaScript: hooks load early.

/** @type {string | null} */
let sdkUrl = null;

/** @param {{ sdkUrl: string }} data */
export function initialize(data) {
  sdkUrl = data.sdkUrl;
}

/**
 * @param {string} specifier
 * @param {unknown} context
 * @param {(specifier: string, context: unknown) => Promise<unknown>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  // Handed on rather than answered, so that the TypeScript loader after this hook claims the file.
  return nextResolve(specifier === '@tern/node-sdk' && sdkUrl ? sdkUrl : specifier, context);
}
