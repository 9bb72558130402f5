// Helpers shared by the test runner and the migration scripts: a throwaway database on the local server.
const { Client } = require('pg');

const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ticket_vendor';

function urlFor(name) {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql) {
  const client = new Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createDatabase(prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { name, url: urlFor(name) };
}

async function dropDatabase(name) {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

module.exports = { adminQuery, createDatabase, dropDatabase, urlFor };
