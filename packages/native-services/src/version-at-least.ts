/**
 * Whether a version a binary reports (e.g. "3.13.5", Debian's "2.42.0+ds") is at least
 * `minimum` ("3.5"); an unreadable version counts as older.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) ?? []).slice(1).map(Number);
  const have = parts(version);
  if (have.length === 0) return false;
  const want = parts(minimum);
  for (let i = 0; i < 3; i++) {
    const a = have[i] || 0;
    const b = want[i] || 0;
    if (a !== b) return a > b;
  }
  return true;
}
