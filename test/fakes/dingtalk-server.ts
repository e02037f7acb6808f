// The DingTalk fakes live in product code (the sandbox runs them); tests import them from here.
export { FakeDingtalkPlatform, ROBOT_LIMIT_PER_MINUTE, ROBOT_SILENCE_MS, type FakeDelivery, type FakeDingtalkOptions } from '../../src/channels/dingtalk/fake-platform';
export { FakeStreamGateway, ROBOT_TOPIC } from '../../src/channels/dingtalk/fake-stream-gateway';
export { DingtalkSimulator } from '../../src/channels/dingtalk/simulator';
