/** Jest runs the TypeScript sources through swc; NestJS 12 ships ES modules, so those are transformed too. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  // Lazy imports name the built file (`import('./admin-app.js')`); under Jest that is the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
};

/**
 * The suites of SPEC §1-3 behaviour that depend on the database run a second time on
 * PostgreSQL (test/support/test-database.ts gives each test its own database). Cluster mode
 * needs PostgreSQL, so test/e2e/cluster-*.spec.ts run only there.
 */
const ON_BOTH_DATABASES = [
  'login', 'login-abuse', 'commands', 'stored-messages', 'stored-messages-group-commit', 'persistence',
  'admin-routes', 'admin-tokens', 'admin-account-changes', 'cli-import', 'cli-import-live', 'cli-user', 'sessions',
  'handover-held-traffic', 'parallel-guesses', 'initial-admin',
];

module.exports = {
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'sqlite',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/test/e2e/postgres-', '/test/e2e/cluster-'],
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
    },
    {
      ...common,
      displayName: 'postgres',
      testMatch: [...ON_BOTH_DATABASES.map((name) => `**/test/e2e/${name}.spec.ts`), '**/test/e2e/postgres-*.spec.ts', '**/test/e2e/cluster-*.spec.ts'],
      setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    },
  ],
};
