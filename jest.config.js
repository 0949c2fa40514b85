/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig sets isolatedModules: type checking is `npm run build`'s job; ts-jest only transpiles.
    '^.+\\.ts$': 'ts-jest',
  },
};
