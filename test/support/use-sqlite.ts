/** Jest project "sqlite": the helpers in test/support run on SQLite. */
process.env.PARLEY_TEST_DB = 'sqlite';
