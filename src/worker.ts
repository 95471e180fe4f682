// Entry point of the worker role: the same app with ROLE=worker (BullMQ processors, no HTTP).
process.env.ROLE = 'worker';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./main');
