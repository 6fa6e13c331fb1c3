#!/usr/bin/env node
// The orgmfa command runs from its TypeScript sources through tsx's require hook, so a clone works
// after `npm ci` with no build step.
require('tsx/cjs');
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
