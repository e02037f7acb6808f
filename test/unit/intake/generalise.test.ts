// Readings that must hold in any trade: requests asked as questions, information questions
// with a fault named, a fault or service word with a wanted time or someone to meet the
// engineer, and the time phrases that come with them. Messages written for this test.
import { cst, parser } from './helpers';

const read = (text: string, now = '2026-12-02 10:00') => parser()(text, cst(now));

describe('intent and visit type across trades', () => {
  test.each([
    // a request asked as a question
    ['车库卷帘门卡在一半，这周六来得了吗', 'visit', 'repair'],
    ['能不能后天派人过来给锅炉做个保养', 'visit', 'maintenance'],
    ['展厅要装三台吊装投影仪，下周二上午能安排吗', 'visit', 'install'],
    // a fault or service word with a wanted time or someone at the site
    ['注塑机液压站漏油 明天上午有人', 'visit', 'repair'],
    ['燃气壁挂炉不打火 后天下午家里有人', 'visit', 'repair'],
    ['水处理设备换树脂，下下周三来', 'visit', 'maintenance'],
    ['配电房这周四上午来巡检', 'visit', 'inspection'],
    ['冷库压缩机停机了，能过来看下吗', 'visit', 'repair'],
    ['收银机死机 开不了机 今天下午过来', 'visit', 'repair'],
    ['新店要开通宽带，12月9号上午上门', 'visit', 'install'],
    // secondary work and suspected faults
    ['把空调移到卧室，顺便清洗一下，明天来', 'visit', 'install'],
    ['请人来看看塔吊的螺栓有没有松动，下周一', 'visit', 'inspection'],
    // questions for information, even with a fault named
    ['冰箱保修期是几年？过保了修要收费吗', 'inquiry', null],
    ['投影仪灯泡坏了，换一个多少钱', 'inquiry', null],
    ['扫码枪怎么设置成连续扫描', 'inquiry', null],
    ['你们春节放假吗？放假期间还能报修吗', 'inquiry', null],
    ['上个月报的锅炉检测报告什么时候能出来', 'inquiry', null],
    // a question first, then a plain request
    ['你们周日上班吗？燃气灶打不着火想找人修', 'visit', 'repair'],
    // complaints stay complaints
    ['电梯修了三次还是没修好，你们到底管不管', 'complaint', null],
  ])('%s → %s %s', (text, intent, visitType) => {
    const p = read(text);
    expect(p.intent).toBe(intent);
    expect(p.visitType).toBe(visitType);
  });
});

describe('time phrases with those requests', () => {
  test.each([
    // from Wednesday 2026-12-02
    ['热水器不出热水，下下周一来修', '2026-12-02 10:00', { date: '2026-12-14', start: null, end: null }],
    ['热水器不出热水，下下周五来修', '2026-12-02 10:00', { date: '2026-12-18', start: null, end: null }],
    ['门禁刷不了卡，这周五来得了吗', '2026-12-02 10:00', { date: '2026-12-04', start: null, end: null }],
    ['门禁刷不了卡，礼拜六上午来得了吗', '2026-12-02 10:00', { date: '2026-12-05', start: '09:00', end: '12:00' }],
    ['锅炉要保养，十二月十五号来', '2026-12-02 10:00', { date: '2026-12-15', start: null, end: null }],
    ['锅炉要保养，后天下午两点到四点来', '2026-12-02 10:00', { date: '2026-12-04', start: '14:00', end: '16:00' }],
    // across the year end
    ['锅炉要保养，1月5号来', '2026-12-20 10:00', { date: '2027-01-05', start: null, end: null }],
    ['锅炉要保养，一月五号上午来', '2026-12-31 18:00', { date: '2027-01-05', start: '09:00', end: '12:00' }],
    ['锅炉要保养，下周一来', '2026-12-29 10:00', { date: '2027-01-04', start: null, end: null }],
    // 一点 as an hour when a time word follows
    ['打印机卡纸，一点之前能不能来个人', '2026-12-02 09:00', { date: '2026-12-02', start: null, end: '13:00' }],
    // a moved booking takes the new time
    ['原来约的明天上午清洗空调，改到后天下午', '2026-12-02 09:00', { date: '2026-12-04', start: '14:00', end: '18:00' }],
    // 行不行 is not a refusal; 没人用 is not 没人
    ['投影仪不亮了，明天过来看下行不行', '2026-12-02 09:00', { date: '2026-12-03', start: null, end: null }],
    ['投影仪不亮了，明天下午三点来，会议室没人用', '2026-12-02 09:00', { date: '2026-12-03', start: '15:00', end: null }],
  ])('%s (%s)', (text, now, appointment) => {
    expect(read(text, now).appointment).toEqual(appointment);
  });

  test.each([
    // a deadline is a vague span, not a visit time
    ['逆变器黑屏了，元旦前能来吗', '2026-12-28 10:00'],
    ['烘干机不转了，这周日之前派个人过来', '2026-12-07 10:00'],
  ])('%s has no appointment', (text, now) => {
    const p = read(text, now);
    expect(p.intent).toBe('visit');
    expect(p.appointment).toBeNull();
  });
});
