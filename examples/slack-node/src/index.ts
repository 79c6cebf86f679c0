// The nodes of this package, as Tern loads them (`"tern": { "nodes": ["./dist/index.js"] }`).
import { postMessage, postMessageV1 } from './post-message.js';

export default [postMessageV1, postMessage];
