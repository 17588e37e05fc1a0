/** Jest runs TypeScript through @swc/jest; type checking is done once by `tsc --noEmit`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
  // Most suites wait on child processes (containerd, ts-node, git), so at least two workers keep both cores busy on a
  // two-core machine, where Jest's default of cores minus one would run everything in one process.
  maxWorkers: Math.max(2, require('node:os').cpus().length - 1),
};
