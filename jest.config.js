// Test levels, each a jest project: core (pure domain), cloud (functions through the local cloud's HTTP endpoint),
// build (build outputs and WeChat's offline compiler), browser (headless Chromium on the H5 build), contract (each
// repository port's suite against the in-memory fakes and the adapters on the local database), weapp (the compiled
// mini-program, dist/weapp, run in Node on a model of WeChat against the local cloud).
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } },
  ],
};
const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  roots: ['<rootDir>/test'],
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});
module.exports = {
  testTimeout: 60000,
  projects: [project('core'), project('local-cloud'), project('cloud'), project('build'), project('browser'), project('contract'), project('weapp')],
};
