#!/usr/bin/env node
// The orgmfa command runs from its TypeScript sources through tsx's require hook, so a clone works
// after `npm ci` with no build step.
require('tsx/cjs');
// A reader that stops early (`orgmfa --help | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
