// Jest runs TypeScript through SWC. NestJS 12, @nestjs/graphql 14, meilisearch and file-type are
// ESM-only, so they are transpiled to CommonJS here too (see ENVIRONMENT notes in docs/testing.md).
const esmPackages = [
  '@nestjs', '@apollo/server', 'file-type', 'uid', 'strtok3', 'token-types', 'peek-readable',
  '@tokenizer', 'uint8array-extras', '@borewit', 'es-toolkit', 'meilisearch', '@as-integrations',
];
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
module.exports = {
  // Global options (testTimeout is ignored inside `projects`): e2e tests boot the app and wait on jobs.
  testTimeout: 60000,
  // Belt and braces for CI: a stray handle in a library (BullMQ/ioredis reconnect timers, the C2PA
  // worker thread) must not keep the run alive after every suite has reported.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
