import { createAddressRecogniser } from '../../../src/intake/address';
import { EMPTY_GAZETTEER } from '../../../src/intake/gazetteer';
import { loadVocabulary } from '../../../src/intake/load-vocabulary';
import { cst, parser } from './helpers';

const addressOf = (text: string): string | null => parser()(text, cst('2026-12-04 10:00')).address;

describe('addresses', () => {
  test.each([
    ['锅炉坏了，地址：河北省石家庄市长安区建设北大街255号国际大厦A座1503室，麻烦尽快', '河北省石家庄市长安区建设北大街255号国际大厦A座1503室'],
    ['地址成都市武侯区桂溪街道天府大道中段666号希顿国际广场C座2109', '成都市武侯区桂溪街道天府大道中段666号希顿国际广场C座2109'],
    ['我家在朝阳区望京街道望京西园三区312号楼5单元1201，冰箱不制冷', '朝阳区望京街道望京西园三区312号楼5单元1201'],
    ['光伏板装在寿光市稻田镇崔岭西村东头的大棚上', '寿光市稻田镇崔岭西村'],
    ['麻烦来修电梯 鼓楼区华大街道西二环北路88号温泉公寓3座', '鼓楼区华大街道西二环北路88号温泉公寓3座'],
    ['地点在广州市天河区五山路483号华南农业大学实验楼B栋402', '广州市天河区五山路483号华南农业大学实验楼B栋402'],
    ['住在景苑小区7栋2单元302，燃气灶打不着', '景苑小区7栋2单元302'],
    ['地址是海淀区中关村大街27号中关村大厦9层', '海淀区中关村大街27号中关村大厦9层'],
    ['我们厂在佛山市顺德区北滘镇工业园兴业路6号，空压机异响', '佛山市顺德区北滘镇工业园兴业路6号'],
    ['新地址：江苏南京鼓楼区汉中门大街301号8幢', '江苏南京鼓楼区汉中门大街301号8幢'],
    ['位于余姚市泗门镇小路下村8组', '余姚市泗门镇小路下村8组'],
    ['请到青岛市黄岛区长江西路66号中铁博览城一期5号楼2单元1801', '青岛市黄岛区长江西路66号中铁博览城一期5号楼2单元1801'],
    ['碧桂园十期17-2-601的锅炉', '碧桂园十期17-2-601'],
    ['我们店在城关镇人民路东段128号', '城关镇人民路东段128号'],
    ['地址：北京市朝阳区建国路88号SOHO现代城A座1203', '北京市朝阳区建国路88号SOHO现代城A座1203'],
  ])('%s → %s', (text, address) => {
    expect(addressOf(text)).toBe(address);
  });

  test.each([
    ['你们售后服务中心周末上班吗？'],
    ['我已经打了12345市民热线'],
    ['向市场监管局反映过了'],
    ['在路上了，马上到'],
    ['我在抖音上看到你们的广告'],
    ['设备放在3号仓库'],
    ['明天下午3点到5点有人'],
    ['工单号 SC20261204008'],
  ])('%s has no address', (text) => {
    expect(addressOf(text)).toBeNull();
  });

  test('works without a gazetteer, from unit words alone', () => {
    const v = loadVocabulary({ withoutPlaces: true });
    const r = createAddressRecogniser(v.address, EMPTY_GAZETTEER);
    expect(r.find('地址：滨海新区泰达街道第三大街18号泰达广场C座5楼')?.address).toBe('滨海新区泰达街道第三大街18号泰达广场C座5楼');
  });
});
