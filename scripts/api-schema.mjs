#!/usr/bin/env node
// Generates the console's API types (admin-ui/src/api/schema.d.ts) from the server's OpenAPI
// document, so the UI is type-checked against the API it talks to.
//
//   node scripts/api-schema.mjs                       boot the built server (dist/), write the file
//   node scripts/api-schema.mjs --check               same, but fail if the committed file differs
//   node scripts/api-schema.mjs --document doc.json   use a document fetched elsewhere
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = join(import.meta.dirname, '..');
const SCHEMA_FILE = join(ROOT, 'admin-ui', 'src', 'api', 'schema.d.ts');
const HEADER =
  '// Generated from the server\'s OpenAPI document by `npm run api:schema`; do not edit.\n' +
  '// `npm test` fails when the server\'s document and this file disagree.\n\n';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, document: { type: 'string' } } });

const document = values.document ? JSON.parse(readFileSync(values.document, 'utf8')) : await documentFromBuiltServer();
const generated = HEADER + astToString(await openapiTS(document, { defaultNonNullable: false }));

if (values.check) {
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // a missing file is a difference like any other
  }
  if (committed !== generated) {
    console.error(
      `${SCHEMA_FILE} does not match the server's OpenAPI document: run \`npm run api:schema\` and fix the console where it no longer type-checks.`,
    );
    process.exit(1);
  }
  console.log('admin-ui/src/api/schema.d.ts matches the server\'s OpenAPI document.');
} else {
  writeFileSync(SCHEMA_FILE, generated);
  console.log(`wrote ${SCHEMA_FILE}`);
}

/** Boots dist/ on ephemeral ports with a scratch database, reads /api/docs-json, stops. */
async function documentFromBuiltServer() {
  const require = createRequire(import.meta.url);
  const { createServerApp } = require(join(ROOT, 'dist', 'app.js'));
  const { loadConfig } = require(join(ROOT, 'dist', 'config', 'load-config.js'));
  const { HttpListener } = require(join(ROOT, 'dist', 'admin', 'http-listener.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-openapi-'));
  const config = loadConfig({
    env: {},
    overrides: { 'data.dir': dataDir, 'line.port': 0, 'http.port': 0, 'irc.port': 0, 'admin.password': 'openapi-only-pw' },
  });
  const app = await createServerApp(config, { logger: ['error'] });
  try {
    const response = await fetch(`http://127.0.0.1:${app.get(HttpListener).port}/api/docs-json`);
    if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
    return await response.json();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
