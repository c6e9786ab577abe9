/** Every database a test run creates starts with this, so leftovers are easy to find and drop. */
export const TEST_DATABASE_PREFIX = 'terpadu_test_';

export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
