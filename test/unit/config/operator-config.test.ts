import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadOperatorConfig, parseOperatorConfig } from '../../../src/config/load-operator-config';
import { ConfigError } from '../../../src/lib/errors';
import { exampleConfigPath } from '../../support/test-config';
import { parseDocument } from 'yaml';

const example = () => parseDocument(readFileSync(exampleConfigPath, 'utf8')).toJS() as Record<string, any>;

test('the shipped example config is complete and valid', () => {
  const cfg = loadOperatorConfig(exampleConfigPath);
  expect(cfg.staff.length).toBeGreaterThan(3);
  expect(cfg.policies[cfg.defaultPolicy]).toBeDefined();
  expect(cfg.policies.standard!.complaint.firstResponse).toBe(30 * 60_000);
  expect(cfg.conversations.some((c) => c.purpose === 'managers')).toBe(true);
});

type Edit = (c: Record<string, any>) => void;
const cases: [string, Edit, RegExp][] = [
  ['a staff member with an unknown role', (c) => (c.staff[1].roles = ['boss']), /staff\[1\]\.roles\[0\]: .*agent/],
  ['a duplicate staff id', (c) => (c.staff[2].id = c.staff[0].id), /staff\[2\]\.id: duplicate staff id "wang\.agent"/],
  ['a manager who does not exist', (c) => (c.staff[0].managerId = 'nobody'), /staff\[0\]\.managerId: expected the id of a staff member, got "nobody"/],
  ['a bad mobile', (c) => (c.staff[0].mobile = '12345'), /staff\[0\]\.mobile: expected an 11-digit mainland mobile number/],
  ['a policy on a missing calendar', (c) => (c.policies.standard.calendar = 'lunar'), /policies\.standard\.calendar: expected one of the calendars \(workdays, always\), got "lunar"/],
  ['a bad duration', (c) => (c.policies.standard.complaint.firstResponse = 'half an hour'), /policies\.standard\.complaint\.firstResponse: expected a duration like/],
  ['a missing chain', (c) => (c.policies.vip.visit.chain = 'nope'), /policies\.vip\.visit\.chain: expected one of the escalation chains/],
  ['an unknown default policy', (c) => (c.defaultPolicy = 'gold'), /defaultPolicy: expected one of the policies/],
  ['an unknown dispatcher', (c) => (c.assignment.defaultDispatcher = 'ghost'), /assignment\.defaultDispatcher: expected the id of a staff member, got "ghost"/],
  ['a DingTalk robot secret without SEC', (c) => (c.conversations[3].robot.secret = 'abc'), /conversations\[3\]\.robot/],
  ['a bad working-hours span', (c) => (c.calendars.workdays.hours = ['9-12']), /calendars\.workdays\.hours\[0\]: expected a span like "09:00-12:00"/],
  ['an unknown top-level key', (c) => (c.colour = 'red'), /colour|Unrecognized key/],
  ['a typo in a nested key', (c) => (c.staff[0].rolse = ['agent']), /staff\[0\]: .*rolse/],
];

test.each(cases)('%s stops start-up naming the file and the key', (_what, edit, message) => {
  const raw = example();
  edit(raw);
  const attempt = () => parseOperatorConfig(stringify(raw), '/etc/gongdan/prod.yaml');
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(/\/etc\/gongdan\/prod\.yaml has invalid values/);
  expect(attempt).toThrow(message);
});

test('broken YAML names the file and the line', () => {
  expect(() => parseOperatorConfig('staff:\n  - id: a\n   name: b\n', 'x.yaml')).toThrow(/x\.yaml is not valid YAML[\s\S]*line/);
});

test('a missing file says how to point at one', () => {
  expect(() => loadOperatorConfig('/nonexistent/gongdan.yaml')).toThrow(/Cannot read the operator config .*GONGDAN_CONFIG/);
});
