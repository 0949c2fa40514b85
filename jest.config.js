/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/has-assertions.ts'],
  transform: {
    // tsconfig sets isolatedModules: type checking is `npm run build`'s job; ts-jest only transpiles.
    '^.+\\.ts$': 'ts-jest',
    // @marcbachmann/cel-js ships ES modules only; Node loads them with require(), jest's module system cannot.
    '^.+/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
};
