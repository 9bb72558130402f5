/**
 * Unit specs beside the code (`src/**\/*.spec.ts`) and e2e specs in `test/` (`*.e2e-spec.ts`).
 *
 * Nest 12 and a few of its dependencies ship as ES modules only. The built app is CommonJS and loads them
 * through Node's require(esm), but Jest's own module runtime can only do that on Node 24.9+. On Node 20 it
 * falls back to transforms, so those packages are turned into CommonJS by test/esm-to-cjs.transformer.js.
 */
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'load-esm',
  // otplib's default base32 and crypto plugins
  '@otplib',
  '@scure',
  '@noble',
];

module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '/node_modules/.+\\.m?js$': '<rootDir>/test/esm-to-cjs.transformer.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  // The read-replica spec needs the primary and replica that scripts/test-replica.sh starts (npm run test:replica).
  testPathIgnorePatterns: process.env.TEST_READ_REPLICA_URL ? ['/node_modules/'] : ['/node_modules/', '/test/read-replica\\.'],
  testTimeout: 30000,
  // One worker per core. scripts/run-tests.js gives each worker its own database and Redis index.
  maxWorkers: '100%',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
