#!/usr/bin/env node
// `npm run migration:check`: fails when the entities and the migrations have drifted apart.
process.argv[2] = '--check';
require('./migration-generate');
