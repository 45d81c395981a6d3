// One jest config, one project per test level (Emmett's naming: *.unit / *.int / *.e2e).
// `npm test` runs them in order; each level also has its own npm script.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // A handle left open by a failed test (a server its cleanup never reached) must not hold the run
  // until CI's 90-minute limit: a red run stays red and ends when its tests end.
  forceExit: true,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'] },
    {
      ...base,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      // A real Kafka broker for the suite: KAFKA_BROKERS, else testcontainers (Docker), else deploy/kafka.
      globalSetup: '<rootDir>/test/support/kafka/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/kafka/kafka-global-teardown.ts',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts', '<rootDir>/{apps,libs}/**/*.e2e.spec.ts'],
    },
    {
      ...base,
      displayName: 'fault',
      // Fault tests (kill -9, broker restart under load) on the same real broker set-up as e2e.
      globalSetup: '<rootDir>/test/support/kafka/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/kafka/kafka-global-teardown.ts',
      testMatch: ['<rootDir>/test/fault/**/*.fault.spec.ts'],
    },
  ],
};
