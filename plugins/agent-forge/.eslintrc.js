module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // Integration tests start the real demo agent (a Node server) in-process,
      // and a real TCP proxy for network faults.
      files: ['src/__testUtils__/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
      rules: { '@backstage/no-mixed-plugin-imports': 'off', 'no-restricted-imports': 'off' },
    },
  ],
});
