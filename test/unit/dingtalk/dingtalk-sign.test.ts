// Vectors computed independently with Python's hmac/base64/urllib.
import { dingtalkSign, signMatches, signedRobotQuery } from '../../../src/channels/dingtalk/sign';

test('sign = base64(HMAC-SHA256(secret, timestamp + "\\n" + secret))', () => {
  expect(dingtalkSign('SECb6d3f9e0c1a2', 1764806400000)).toBe('hSNgV+DYx7A9FcBQYs7PBlEm5mcg1LyPKzUhkL/O+jM=');
  expect(dingtalkSign('test-app-secret', '1613630252678')).toBe('HQS3bOLdi5/VjaMdKDJAcpQlC/Ta8K3rDL080tH0EwQ=');
});

test('signMatches accepts the right sign only, including a different length', () => {
  expect(signMatches('test-app-secret', '1613630252678', 'HQS3bOLdi5/VjaMdKDJAcpQlC/Ta8K3rDL080tH0EwQ=')).toBe(true);
  expect(signMatches('test-app-secret', '1613630252679', 'HQS3bOLdi5/VjaMdKDJAcpQlC/Ta8K3rDL080tH0EwQ=')).toBe(false);
  expect(signMatches('test-app-secret', '1613630252678', 'HQS3bOLdi5/VjaMdKDJAcpQlC/Ta8K3rDL080tH0EwQ')).toBe(false);
  expect(signMatches('test-app-secret', '1613630252678', '')).toBe(false);
});

test('the robot query URL-encodes the sign (+, / and =) and the token', () => {
  expect(signedRobotQuery('tok&en', 'SECb6d3f9e0c1a2', 1764806400000)).toBe(
    'access_token=tok%26en&timestamp=1764806400000&sign=hSNgV%2BDYx7A9FcBQYs7PBlEm5mcg1LyPKzUhkL%2FO%2BjM%3D',
  );
});
