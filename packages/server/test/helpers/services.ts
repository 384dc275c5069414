/**
 * The external services some tests need (PostgreSQL, Redis), from PARLEY_TEST_DATABASE_URL and
 * PARLEY_TEST_REDIS_URL. Without them the tests skip and say why, except under CI=true, where a
 * missing service is a failure: CI must not pass by skipping.
 */
export interface TestServices {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  skipReason: string;
}

export function testServices(): TestServices {
  const databaseUrl = process.env.PARLEY_TEST_DATABASE_URL || undefined;
  const redisUrl = process.env.PARLEY_TEST_REDIS_URL || undefined;
  const missing = [!databaseUrl && 'PARLEY_TEST_DATABASE_URL', !redisUrl && 'PARLEY_TEST_REDIS_URL'].filter(Boolean);
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(`CI=true but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the PostgreSQL/Redis tests cannot be skipped in CI.`);
  }
  return { databaseUrl, redisUrl, skipReason: `${missing.join(' and ')} not set (e.g. postgres://postgres@127.0.0.1:5432/test, redis://127.0.0.1:6379)` };
}
