/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Asynchronous tests run real processes (the CLI, bash scripts); on a loaded CI machine jest's 5 s default is too short.
  // A bound against hangs, not a speed target: those live in `npm run bench`.
  testTimeout: 30_000,
  // Each run writes its temporary folders into one scratch TMPDIR, removed at the end (test/setup/scratch-tmpdir.js).
  globalSetup: '<rootDir>/test/setup/scratch-tmpdir.js',
  globalTeardown: '<rootDir>/test/setup/remove-scratch-tmpdir.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup/has-assertions.ts'],
  transform: {
    // tsconfig sets isolatedModules: type checking is `npm run build`'s job; ts-jest only transpiles.
    '^.+\\.ts$': 'ts-jest',
    // @marcbachmann/cel-js ships ES modules only; Node loads them with require(), jest's module system cannot.
    '^.+/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
};
