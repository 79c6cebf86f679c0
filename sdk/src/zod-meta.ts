// Types the editor hints of a param schema: with the SDK imported, `.meta({ widget: 'selct' })`
// is a type error and `.meta({ … })` completes label, widget, placeholder and credentialTypes.
// (Module augmentation of zod's GlobalMeta; at run time this file holds nothing.)
import type { ParamMeta } from '@tern/shared';

declare module 'zod/v4/core' {
  interface GlobalMeta extends ParamMeta {}
}

export {};
