#!/usr/bin/env node
// `npm run openapi`: writes openapi.json from the built app (dist/), without listening or connecting to anything:
// Nest's preview mode resolves the modules and controllers but creates no provider, so no database or Redis is
// needed. `--check` (CI) fails when the committed openapi.json differs from what the code generates.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { NestFactory } = require('@nestjs/core');

const OUTPUT = join(__dirname, '..', 'openapi.json');

async function generate() {
  const { AppModule } = require('../dist/src/app.module');
  const { applyApiPrefix, buildOpenApiDocument } = require('../dist/src/http-app');
  const { loadConfig } = require('../dist/src/platform/config/app-config');
  const app = await NestFactory.create(AppModule.forRole('api', loadConfig()), {
    preview: true,
    logger: false,
    bodyParser: false,
  });
  applyApiPrefix(app);
  return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
}

async function main() {
  const document = await generate();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUTPUT, 'utf8');
    } catch {
      // A missing file is drift too.
    }
    if (committed !== document) {
      console.error('openapi.json is out of date: run `npm run openapi` and commit the result.');
      process.exit(1);
    }
    console.log('openapi.json is up to date');
  } else {
    writeFileSync(OUTPUT, document);
    console.log(`wrote ${OUTPUT}`);
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
