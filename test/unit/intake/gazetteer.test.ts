import { createGazetteer } from '../../../src/intake/gazetteer';

describe('gazetteer', () => {
  const streets = jest.fn(() => ['长河街道', '天荒坪镇']);
  const g = createGazetteer({ provinces: ['浙江省'], cities: ['杭州市'], areas: ['滨江区', '城区'], streets });

  test.each([
    ['地址杭州市', '杭州市'],
    ['在滨江区', '滨江区'],
    ['住城区', null],
  ])('the full name ending %s is %s', (text, name) => {
    expect(g.fullNameEndingAt(text, text.length)?.name ?? null).toBe(name);
  });

  test.each([
    ['浙江', '浙江'],
    ['杭州', '杭州'],
    ['在浙江省', '浙江省'],
  ])('the region ending %s is %s', (text, name) => {
    expect(g.regionEndingAt(text, text.length)).toBe(name);
  });

  test('town names are read once, on first need', () => {
    expect(streets).not.toHaveBeenCalled();
    expect(g.fullNameEndingAt('我家在长河街道', 7)?.name).toBe('长河街道');
    expect(g.fullNameEndingAt('去天荒坪镇', 5)?.level).toBe('street');
    expect(streets).toHaveBeenCalledTimes(1);
  });
});
