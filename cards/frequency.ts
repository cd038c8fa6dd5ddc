import { type CardReply, card } from '../src/core/reply.js';

// A rep's request to lower a pack frequency, sent to the manager with approve / reject buttons.

export interface FrequencyRequest {
  overrideId: number;
  customer: string;
  action: string;
  rep: string;
  /** The pack's frequency and the requested one, already worded (describeFrequency). */
  packFrequency: string;
  requested: string;
}

export function frequencyReviewCard(d: FrequencyRequest): CardReply {
  const value = { overrideId: String(d.overrideId) };
  return card({
    title: `降低频次审批：${d.customer} · ${d.action}`,
    colour: 'orange',
    fields: [
      { label: '销售', value: d.rep },
      { label: '动作包频次', value: d.packFrequency },
      { label: '申请改为', value: d.requested },
    ],
    buttons: [
      { label: '批准', action: 'freq.approve', value, style: 'primary' },
      { label: '驳回', action: 'freq.reject', value, style: 'danger' },
    ],
  });
}
