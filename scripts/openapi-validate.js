#!/usr/bin/env node
// The first half of `npm run openapi:lint`: openapi.json must be a valid OpenAPI document (schema and references),
// as @apidevtools/swagger-parser judges it. Redocly's rules (redocly.yaml) run after it.
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2] ?? 'openapi.json';
SwaggerParser.validate(file)
  .then((api) =>
    console.log(`${file}: valid OpenAPI ${api.openapi} (${Object.keys(api.paths).length} paths)`),
  )
  .catch((err) => {
    console.error(`${file}: INVALID\n${err.message}`);
    process.exit(1);
  });
