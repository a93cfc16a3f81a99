#!/usr/bin/env node
// The `runlens` command: the bundled CLI, built by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'electron', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('runlens: the CLI is not built yet; run `npm run build` in the Runlens folder first.');
  process.exit(1);
}
require(cli).run();
