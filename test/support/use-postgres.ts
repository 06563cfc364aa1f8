/** Jest project "postgres": the helpers in test/support run on PostgreSQL (see test-database.ts). */
process.env.PARLEY_TEST_DB = 'postgres';
