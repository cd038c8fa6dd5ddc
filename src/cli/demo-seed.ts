import { seedDemoIfEmpty } from '../demo/seed.js';
import { bootServices } from './boot.js';

// npm run demo:seed — seeds the 华东区 demo into DATABASE_PATH when it has no members yet.
const services = bootServices();
const summary = seedDemoIfEmpty(services);
console.log(
  summary
    ? `已写入华东区演示数据：${summary.members} 名成员，${summary.customers} 家客户，${summary.orders} 条订单/回款，${summary.dueItems} 条待办，${summary.logs} 条动作记录（${services.config.DATABASE_PATH}）`
    : `数据库 ${services.config.DATABASE_PATH} 已有成员，未写入演示数据。要重来请删除该文件后再运行。`,
);
