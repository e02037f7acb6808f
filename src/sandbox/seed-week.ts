// A realistic week of after-sales work for the demo: complaints of every level (one VIP, one
// repeat, one taken to the media), visits booked, visited and followed up, some late, some
// still open. `day` counts working days before today, at China time; day 0 lines are minutes
// before now, so today's dashboard has figures too. `#{T3}` stands for ticket T3's code.
import type { ChatKey, SandboxPlatform } from './directory';

export interface SeedStep {
  /** Working days (Monday to Friday) before today, China time; 0 = today. */
  day: number;
  /** "HH:MM" China time on that day, or, on day 0, minutes before now. */
  at: string | number;
  platform: SandboxPlatform;
  chat: ChatKey;
  /** A person from the demo directory. */
  as: string;
  text: string;
  /** This step opens the ticket known by this label from now on. */
  opens?: string;
}

const wecom = 'wecom' as const;
const dingtalk = 'dingtalk' as const;

export const SEED_WEEK: readonly SeedStep[] = [
  // T1: a first complaint through WeChat customer service, handled within the half hour.
  { day: 7, at: '09:20', platform: wecom, chat: 'customer', as: 'customer:wmDemoCustomerZhou', opens: 'T1', text: '投诉：你们的净水器漏水把厨房地板都泡坏了，太不负责了，电话13900000002' },
  { day: 7, at: '09:35', platform: wecom, chat: 'staff', as: 'wang.agent', text: '接单 #{T1}' },
  { day: 7, at: '11:10', platform: wecom, chat: 'staff', as: 'wang.agent', text: '完成 #{T1} 已上门更换密封圈，测试不再漏水' },
  { day: 6, at: '10:00', platform: wecom, chat: 'staff', as: 'wang.agent', text: '回访 #{T1} 5 客户很满意' },

  // T2: a repair visit relayed by sales on DingTalk: booked, on time, reported, followed up.
  { day: 7, at: '10:05', platform: dingtalk, chat: 'staff', as: 'chen.sales', opens: 'T2', text: '客户李先生家的燃气热水器不出热水了，地址杭州市拱墅区莫干山路88号3幢501，电话13912345601，希望明天上午上门' },
  { day: 7, at: '10:30', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '接单 #{T2}' },
  { day: 7, at: '10:40', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '预约 #{T2} 明天上午10点' },
  { day: 6, at: '09:55', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '到达 #{T2}' },
  { day: 6, at: '11:20', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '完成 #{T2} 更换点火针，试机正常，已讲解使用注意事项' },
  { day: 4, at: '10:00', platform: dingtalk, chat: 'staff', as: 'li.dispatcher', text: '回访 #{T2} 4 师傅准时，态度好' },

  // T3: a complaint relayed in the WeCom group and claimed late (first response missed).
  { day: 6, at: '14:00', platform: wecom, chat: 'staff', as: 'wang.agent', opens: 'T3', text: '客户孙先生投诉软水机安装后一直有噪音，晚上睡不着，太差劲了，电话13912345602' },
  { day: 6, at: '14:50', platform: wecom, chat: 'staff', as: 'wang.agent', text: '接单 #{T3}' },
  { day: 5, at: '16:00', platform: wecom, chat: 'staff', as: 'wang.agent', text: '完成 #{T3} 调整了泵的固定支架并加装减震垫，噪音消除' },

  // T4: the VIP hotel, assigned to an engineer at once.
  { day: 5, at: '09:30', platform: dingtalk, chat: 'staff', as: 'li.dispatcher', opens: 'T4', text: '杭州云栖酒店投诉客房净水机全部不出水，客人意见很大，前台电话13900000001，地址杭州市西湖区云栖小镇1号' },
  { day: 5, at: '09:40', platform: dingtalk, chat: 'staff', as: 'li.dispatcher', text: '指派 #{T4} @张工' },
  { day: 5, at: '12:30', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '完成 #{T4} 更换前置滤芯，全部客房恢复出水' },

  // T5: level 3 — already taken to the media; the service manager takes it and writes the case.
// (「新客户」 is left alone, so the walkthrough's first complaint opens a fresh ticket.)
  { day: 5, at: '15:00', platform: wecom, chat: 'staff', as: 'wang.agent', opens: 'T5', text: '客户钱先生投诉热水器把他家厨房烧黑了，他已经联系了电视台和市场监管局，电话13956781234' },
  { day: 5, at: '15:10', platform: wecom, chat: 'staff', as: 'zhao.manager', text: '接单 #{T5}' },
  { day: 4, at: '11:00', platform: wecom, chat: 'staff', as: 'zhao.manager', text: '完成 #{T5} 上门致歉，更换整机并赔偿橱柜维修费用' },
  { day: 4, at: '11:05', platform: wecom, chat: 'staff', as: 'zhao.manager', text: '关闭 #{T5} 案例：燃气管接口老化未在安装时发现；改进：安装验收增加气密性检测' },

  // T6: an installation in Ningbo, arrival late.
  { day: 4, at: '10:20', platform: dingtalk, chat: 'staff', as: 'chen.sales', opens: 'T6', text: '新买的净水器需要安装，地址宁波市鄞州区天童南路588号，联系人陈女士13923456789，明天下午都可以' },
  { day: 4, at: '11:00', platform: dingtalk, chat: 'staff', as: 'liu.engineer', text: '接单 #{T6}' },
  { day: 4, at: '11:10', platform: dingtalk, chat: 'staff', as: 'liu.engineer', text: '预约 #{T6} 明天下午2点' },
  { day: 3, at: '15:40', platform: dingtalk, chat: 'staff', as: 'liu.engineer', text: '到达 #{T6}' },
  { day: 3, at: '17:00', platform: dingtalk, chat: 'staff', as: 'liu.engineer', text: '完成 #{T6} 安装完成，水质检测合格' },

  // T7: maintenance booked for later this week.
  { day: 3, at: '09:10', platform: wecom, chat: 'staff', as: 'li.dispatcher', opens: 'T7', text: 'RO机滤芯到期了想约个保养，杭州市滨江区江南大道1000号，电话13934567890，张先生' },
  { day: 3, at: '09:30', platform: wecom, chat: 'staff', as: 'liu.engineer', text: '接单 #{T7}' },

  // T8: the same customer as T1 complains again: level 2 whatever the words; claimed late.
  { day: 2, at: '16:30', platform: wecom, chat: 'customer', as: 'customer:wmDemoCustomerZhou', opens: 'T8', text: '上次修好的净水器又漏水了，这已经是第二次投诉了，电话13900000002' },
  { day: 2, at: '17:45', platform: wecom, chat: 'staff', as: 'wang.agent', text: '接单 #{T8}' },

  // T9: a lateness complaint, answered and followed up the same day.
  { day: 1, at: '11:00', platform: wecom, chat: 'staff', as: 'wang.agent', opens: 'T9', text: '客户吴女士投诉安装师傅迟到两个小时也没提前打电话，服务太差，电话13912345603' },
  { day: 1, at: '11:10', platform: wecom, chat: 'staff', as: 'wang.agent', text: '接单 #{T9}' },
  { day: 1, at: '11:40', platform: wecom, chat: 'staff', as: 'wang.agent', text: '完成 #{T9} 已致歉，赠送滤芯一套，提醒工程师提前联系客户' },
  { day: 1, at: '16:00', platform: wecom, chat: 'staff', as: 'wang.agent', text: '回访 #{T9} 3 接受道歉' },

  // T10: a repair visit claimed and booked, not yet visited.
  { day: 1, at: '14:00', platform: dingtalk, chat: 'staff', as: 'chen.sales', opens: 'T10', text: '热水器显示E1故障码，洗澡洗到一半没热水，杭州市上城区解放路100号，王女士13945678901，希望尽快上门' },
  { day: 1, at: '15:30', platform: dingtalk, chat: 'staff', as: 'zhang.engineer', text: '接单 #{T10}' },

  // Today: one complaint nobody has taken yet, and the VIP hotel writing in.
  { day: 0, at: 180, platform: wecom, chat: 'staff', as: 'wang.agent', opens: 'T11', text: '客户郑先生投诉净水器有异味，喝了肚子不舒服，要求退换，电话13912345604' },
  { day: 0, at: 60, platform: wecom, chat: 'customer', as: 'customer:wmSandboxCustomer1', opens: 'T12', text: '大堂的直饮机不出水了，客人都在抱怨，请尽快派人来修，前台13900000001' },
];
