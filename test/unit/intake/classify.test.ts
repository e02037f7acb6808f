import { cst, parser } from './helpers';

const parse = (text: string) => parser()(text, cst('2026-12-04 10:00'));

describe('intent', () => {
  test.each([
    // complaints, in several trades
    ['你们装的地源热泵噪音大得吓人，晚上根本睡不着，这就是你们说的静音？太失望了', 'complaint'],
    ['实验室的超低温冰箱送来就是坏的，客服推来推去，耽误了我们一批样本', 'complaint'],
    ['维修师傅态度极差，说两句就甩脸子走人', 'complaint'],
    ['收割机刚修好又趴窝了，维修费白花了，必须给个说法', 'complaint'],
    ['电梯年检过了才一个月就困人，物业说找你们，你们说找物业，踢皮球是吧', 'complaint'],
    ['客户投诉：上门的师傅多收了150元材料费，要求退还', 'complaint'],
    ['等了一整天也没人来，电话打过去就说在路上', 'complaint'],
    // visits
    ['办公室的打印机卡纸了，麻烦派人来处理一下', 'visit'],
    ['服务器机柜的UPS需要做季度维护，安排一下时间', 'visit'],
    ['新买的洗烘一体机想约个安装，周六上午有人', 'visit'],
    ['锅炉房想请你们来做个全面检测，看看有没有安全隐患', 'visit'],
    ['之前约的热水器安装取消吧，先不装了', 'visit'],
    ['拖拉机打不着火了 明天能来人看看吗', 'visit'],
    ['客户反映恒温箱温度显示异常，报警E5，需要上门处理', 'visit'],
    // inquiries
    ['请问你们的净水机滤芯多少钱一套？', 'inquiry'],
    ['光伏逆变器保修几年？', 'inquiry'],
    ['上周报修的那个单子到哪一步了？', 'inquiry'],
    ['师傅几点到？', 'inquiry'],
    ['你们周末有人值班吗', 'inquiry'],
    ['这个报警代码是什么意思？', 'inquiry'],
    ['安装一台空调要多少安装费？', 'inquiry'],
    ['广告上说免费上门检测，是真的吗？', 'inquiry'],
    ['明天早上七点半能到吗？塔吊的限位器坏了', 'visit'],
    // other
    ['好的，收到', 'other'],
    ['谢谢师傅，已经好了👍', 'other'],
    ['今天的师傅很专业，给你们点赞', 'other'],
    ['晚上聚餐别忘了', 'other'],
    ['谁有充电宝借我用一下？', 'other'],
    ['【福利】扫码领券，限时秒杀', 'other'],
    ['已转给维修组了', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });
});

describe('complaint level', () => {
  test.each([
    ['你们的热水器漏水把地板泡了，太过分了', 1],
    ['师傅迟到了两个小时，也没打电话说一声，很不满意', 1],
    ['这是第三次找你们了，锅炉还是点不着', 2],
    ['又坏了！上个月刚修过，你们到底怎么修的', 2],
    ['同一个问题反映过好几次了，一直没人处理', 2],
    ['再不给退款我就去12315投诉你们', 2],
    ['不给解决的话我就发到抖音上让大家评评理', 2],
    ['再拖下去我们只能起诉了', 2],
    ['我已经打了12315，等着处理吧，太差劲了', 3],
    ['我已经向消费者协会投诉了', 3],
    ['视频已经发到抖音上了，几十万播放，你们自己看着办', 3],
    ['电视台的记者昨天已经来拍过了', 3],
    ['我们的律师函已经寄出，请贵司法务对接', 3],
    ['已经在黑猫投诉上发帖了，服务太烂', 3],
  ])('%s → %i', (text, level) => {
    const p = parse(text);
    expect(p.intent).toBe('complaint');
    expect(p.complaintLevel).toBe(level);
  });

  test('only complaints have a level', () => {
    expect(parse('麻烦明天来修一下空调').complaintLevel).toBeNull();
  });
});

describe('visit type', () => {
  test.each([
    ['新买的油烟机想约个时间安装', 'install'],
    ['空调要从客厅移机到卧室，麻烦安排师傅', 'install'],
    ['两台新到的培养箱需要上门调试', 'install'],
    ['电梯困人了，赶紧派人来', 'repair'],
    ['洗碗机显示E24，麻烦派人看看', 'repair'],
    ['锅炉有异响，麻烦过来检查一下', 'repair'],
    ['冷库温度降不下来，麻烦派人上门检修', 'repair'],
    ['空调该清洗了，帮忙安排个师傅上门', 'maintenance'],
    ['净水器到时间换滤芯了，约个师傅', 'maintenance'],
    ['电梯下个月年检，先安排一次保养', 'maintenance'],
    ['新房想装新风，先派人来量一下尺寸', 'inspection'],
    ['光伏电站并网前，请派人来现场验收', 'inspection'],
    ['想请你们上门检测一下甲醛', 'inspection'],
    ['年前想把厂里的消防管道全面检查一下，安排个人来', 'inspection'],
  ])('%s → %s', (text, type) => {
    expect(parse(text).visitType).toBe(type);
  });

  test.each([
    ['净水器装好三天就漏水，这什么质量啊'],
    ['师傅上门换个滤芯收了我300，太黑了'],
    ['上次来修的师傅把墙蹭花了，要求赔偿'],
  ])('a complaint that asks for no one to come has none: %s', (text) => {
    const p = parse(text);
    expect(p.intent).toBe('complaint');
    expect(p.visitType).toBeNull();
  });

  test('a complaint that asks for a visit has one', () => {
    expect(parse('冰箱又不制冷了，都修了两次了，今天必须派人来修好').visitType).toBe('repair');
  });

  test.each([['上周报修的空调什么时候来修？'], ['之前报的热水器维修，配件到了没有？']])('a question about a job has none: %s', (text) => {
    const p = parse(text);
    expect(p.intent).toBe('inquiry');
    expect(p.visitType).toBeNull();
    expect(p.appointment).toBeNull();
  });
});

describe('extras for the ticket', () => {
  test('the product from the catalogue, a summary and the cues', () => {
    const p = parse('【报修】客户：韦女士 13611112222 燃气壁挂炉不出热水，明天上午上门');
    expect(p.product).toMatchObject({ id: 'wall-boiler', matched: '燃气壁挂炉' });
    expect(p.summary).not.toMatch(/13611112222|【/);
    expect(p.cues.map((c) => c.field)).toEqual(expect.arrayContaining(['intent', 'visitType', 'phone', 'contactName', 'appointment']));
  });
});
