// Every test must assert something: a test that runs no expect() fails
// instead of passing silently (jest's `setupFilesAfterEnv`).
beforeEach(() => {
  expect.hasAssertions();
});
