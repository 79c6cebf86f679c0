// The package's own test setup; it also keeps Vitest from picking up the config of a folder
// above. A plain object, so it loads before `npm install` too.
export default { test: { include: ['test/**/*.test.ts'] } };
