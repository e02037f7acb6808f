// The fake WeCom platform and the callback simulator live in src/ (the sandbox runs them inside
// `npm start`); tests import them from here.
export { FakeWecom, FAKE_CODES, type FakeWecomOptions, type KfQueueItem } from '../../src/channels/wecom/fake-platform';
export { WecomSimulator, newMsgId, cdata, type CallbackRequest, type SimulatorOptions } from '../../src/channels/wecom/simulator';
