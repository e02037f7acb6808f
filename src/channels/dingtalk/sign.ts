// DingTalk's one signature scheme, used both ways: it signs callbacks with the app secret and
// expects custom-robot URLs signed with the robot's SEC secret (platforms.md §6.1, §8.1).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)), not URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number | string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** Constant-time check of a presented sign; a length mismatch is refused before comparing. */
export function signMatches(secret: string, timestamp: string, presented: string): boolean {
  const expected = Buffer.from(dingtalkSign(secret, timestamp), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  if (expected.length !== given.length) return false;
  return timingSafeEqual(expected, given);
}

/** The query a custom robot wants, computed fresh for every request (a stale URL fails 310000). */
export function signedRobotQuery(accessToken: string, secret: string, nowMs: number): string {
  const sign = encodeURIComponent(dingtalkSign(secret, nowMs));
  return `access_token=${encodeURIComponent(accessToken)}&timestamp=${nowMs}&sign=${sign}`;
}
