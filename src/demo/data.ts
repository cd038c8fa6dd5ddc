import type { Stage } from '../domain/stages.js';

// The article's 华东区: 12 reps and their manager 张经理, about 60 customers over the four stages.
// 小李 owns three newly signed large manufacturers (孵化); 老王 five stable customers with a fixed Q2 tender.

export interface DemoCustomer {
  name: string;
  aliases: string[];
  owner: string;
  stage: Stage;
  /** Typical quarterly order in 万元 before stage dynamics. */
  size: number;
  /** Orders only in Q2 (a fixed annual tender). */
  q2Tender?: boolean;
}

export const DEMO_REGION = '华东区';
export const DEMO_TARGET_YUAN = 420_000_000; // 4.2亿
export const DEMO_MANAGER = '张经理';
export const DEMO_REPS = ['小李', '老王', '小张', '小陈', '小刘', '小赵', '小孙', '小周', '小吴', '小郑', '小冯', '小何'];
/** Reps whose demo completion stays under 70% (so the warning rule has something to find). */
export const DEMO_LAGGARDS: Record<string, number> = { 小孙: 0.45, 小周: 0.55, 小何: 0.62 };

const c = (name: string, owner: string, stage: Stage, size: number, aliases: string[] = [], q2Tender = false): DemoCustomer => ({
  name,
  owner,
  stage,
  size,
  aliases,
  q2Tender,
});

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  c('华东重工', '小李', 'incubating', 900, ['重工']),
  c('苏南重型装备', '小李', 'incubating', 700, ['苏南重装']),
  c('浙江精工制造', '小李', 'incubating', 650, ['浙江精工']),
  c('金陵机床', '老王', 'stable', 520, ['金陵'], true),
  c('常州传动', '老王', 'stable', 380, [], true),
  c('无锡精密', '老王', 'stable', 300, [], true),
  c('南通重机', '老王', 'stable', 420, [], true),
  c('扬州电气', '老王', 'stable', 260, [], true),
  c('上海申联机电', '小张', 'growing', 420, ['申联']),
  c('杭州恒远自动化', '小张', 'growing', 360, ['恒远']),
  c('宁波港机', '小张', 'stable', 300),
  c('绍兴纺机', '小张', 'declining', 220),
  c('嘉兴泵业', '小张', 'stable', 180),
  c('合肥长风电机', '小陈', 'growing', 400, ['长风']),
  c('芜湖锻压', '小陈', 'stable', 260),
  c('马鞍山钢构', '小陈', 'stable', 340),
  c('安庆化机', '小陈', 'incubating', 200),
  c('蚌埠玻机', '小陈', 'declining', 160),
  c('苏州工业园精密', '小刘', 'growing', 480, ['园区精密']),
  c('昆山模具', '小刘', 'growing', 300),
  c('常熟阀门', '小刘', 'stable', 240),
  c('太仓轴承', '小刘', 'stable', 200),
  c('张家港冶金', '小刘', 'declining', 280),
  c('南京汽配', '小赵', 'growing', 380),
  c('镇江船用设备', '小赵', 'stable', 310),
  c('溧阳电缆', '小赵', 'stable', 190),
  c('句容建机', '小赵', 'incubating', 150),
  c('丹阳眼镜机械', '小赵', 'declining', 120),
  c('温州电器', '小孙', 'growing', 260),
  c('台州缝纫机', '小孙', 'stable', 220),
  c('金华五金', '小孙', 'stable', 180),
  c('丽水铸造', '小孙', 'declining', 140),
  c('衢州化工设备', '小孙', 'incubating', 160),
  c('青岛海工', '小周', 'growing', 450, ['海工']),
  c('烟台液压', '小周', 'stable', 290),
  c('潍坊动力', '小周', 'stable', 330),
  c('日照港务设备', '小周', 'declining', 210),
  c('威海精机', '小周', 'incubating', 170),
  c('徐州工程机械配套', '小吴', 'growing', 500, ['徐工配套']),
  c('连云港石化装备', '小吴', 'stable', 280),
  c('宿迁塑机', '小吴', 'stable', 150),
  c('淮安电控', '小吴', 'growing', 230),
  c('盐城风电部件', '小吴', 'incubating', 260),
  c('福州电梯部件', '小郑', 'growing', 330),
  c('厦门仪表', '小郑', 'stable', 250),
  c('泉州鞋机', '小郑', 'stable', 170),
  c('漳州食品机械', '小郑', 'declining', 130),
  c('莆田机电', '小郑', 'growing', 200),
  c('南昌光电设备', '小冯', 'growing', 280),
  c('九江石化阀门', '小冯', 'stable', 230),
  c('景德镇陶机', '小冯', 'stable', 140),
  c('赣州稀土装备', '小冯', 'incubating', 210),
  c('上饶汽车零件', '小冯', 'declining', 170),
  c('湖州电梯导轨', '小何', 'growing', 310),
  c('德清建材机械', '小何', 'stable', 190),
  c('长兴蓄电池设备', '小何', 'stable', 240),
  c('安吉家具机械', '小何', 'declining', 150),
  c('桐乡化纤设备', '小何', 'growing', 270),
];
