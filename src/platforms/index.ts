import type { AdapterFactory } from '../app.js';
import type { Config } from '../config.js';
import { createFeishuAdapter } from './feishu/index.js';
import { createWecomAdapter } from './wecom/index.js';

/** The chat platforms the configuration turns on (the console is added by buildApp itself). */
export function configuredAdapters(config: Config): AdapterFactory[] {
  const list: AdapterFactory[] = [];
  if (config.FEISHU_APP_ID) list.push((deps) => createFeishuAdapter(deps));
  if (config.WECOM_CORP_ID) list.push((deps) => createWecomAdapter(deps));
  return list;
}
