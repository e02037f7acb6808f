// Messages parsed per second, in-process, on one core (the target is at least 20,000/s).
// The messages are the bench's own, across trades and kinds, long and short.
import { performance } from 'node:perf_hooks';
import { createDefaultParser } from '../src/intake/load-vocabulary';

const MESSAGES: string[] = [
  '锅炉房那台燃气蒸汽锅炉压力一直上不去，麻烦明天上午派个工程师过来，地址湖州市南浔区练市镇工业园区振兴路16号，联系人周厂长 13967281234',
  '你好，我们实验室的离心机转起来有很大的噪音，能不能下周三下午两点到四点来看看？南京市江宁区秣陵街道胜太路77号研发楼5楼 孟老师',
  '屋顶光伏逆变器今天中午开始报故障码F07，发电量是零，后天早上九点左右可以上门吗 电话 0573-8321 4455 转 102',
  '请问你们的UPS电池保修几年？过保了换一组大概多少钱',
  '电梯这个月已经第三次困人了，物业投诉了也没用，再不彻底修好我们就打12345',
  '收到，辛苦了',
  '我已经把你们的事发到抖音了，几万人在看，你们看着办',
  '【新装】客户：东阳市吴宁街道艺海北路9号金色家园7栋2单元1203 钱女士 158 6793 2211 两台柜机空调 时间：本周六下午',
  '打印机卡纸卡得厉害，麻烦派人来处理一下，我们公司在闵行区莘庄镇都市路3399号C座1102，前台小何 021-6418 2200',
  '收割机液压有点漏油，想约个师傅月底前来保养一下',
  '新买的洗衣机装好第二天就漏水，地板都泡了，你们这质量太差了，明天必须派人来修！！ 138 0000 1111',
  '周末公司团建，大家记得报名哈',
  '服务器机房的空调需要做季度维护，安排在12月20号上午9点到11点，对接人IT部陈工 这次叫信息中心黄主任对接，手机13711112222',
  '帮我查一下上周五报修的冰箱工单，什么时候能派单？',
  '客户反映安装师傅多收了200块钱材料费，也没开收据，客户要求退钱并且道歉，刘先生 13512345678',
  '喂 你好 热水器打不着火 明天下午三点以后家里有人 地址是杭州市上城区四季青街道钱江新城春江花月12幢1单元801 我姓李',
];

export async function run(): Promise<void> {
  const parse = createDefaultParser();
  const at = new Date('2026-12-09T10:30:00+08:00');
  for (let i = 0; i < 2000; i++) parse(MESSAGES[i % MESSAGES.length] ?? '', at); // warm up the JIT
  const rounds = 5;
  const perRound = 40_000;
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) parse(MESSAGES[i % MESSAGES.length] ?? '', at);
    rates.push(perRound / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  const avgLen = MESSAGES.reduce((s, m) => s + m.length, 0) / MESSAGES.length;
  process.stdout.write(
    `parse: ${Math.round(median)} msgs/s (median of ${rounds} rounds of ${perRound}; min ${Math.round(rates[0] ?? 0)}, max ${Math.round(rates[rates.length - 1] ?? 0)}; ${MESSAGES.length} messages averaging ${Math.round(avgLen)} chars)\n`,
  );
}

if (require.main === module) {
  run().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
