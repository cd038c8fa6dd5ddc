import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import { resolve } from '../../domain/fuzzy.js';
import type { Services } from '../../services.js';
import { candidatesFor, customerSource } from '../logs/customer-index.js';
import { customerPool, fresh, poolKey } from '../logs/customer-pool.js';

// Customer and rep look-ups shared by /stage, /plan and /target: each refusal says what to type.

export type Found<T> = { ok: true; value: T } | { ok: false; message: string };

/** A customer the member may act on: a rep's own, any of a manager's region, any for an admin. */
export function findCustomer(services: Services, member: Member, word: string, hint: string): Found<Customer> {
  const { members } = services.repos;
  const r = resolve(word, candidatesFor(customerSource(services, customerPool(services, member), poolKey(member)), word));
  if (r.kind === 'none') {
    const closest = r.closest.map((m) => m.item.name).join('、');
    return { ok: false, message: `没有找到客户「${word}」。${closest ? `最接近的是：${closest}。` : ''}${hint}` };
  }
  if (r.kind === 'ambiguous') {
    return { ok: false, message: `「${word}」可能是：${r.matches.map((m) => m.item.name).join('、')}。请写客户全名再发一次。` };
  }
  const c = fresh(services, r.match.item);
  if (member.role === 'rep' && c.ownerId !== member.id) {
    const owner = members.byId(c.ownerId)?.name ?? '其他同事';
    return { ok: false, message: `「${c.name}」是${owner}的客户，不在你名下。发送 /地图 查看你名下的客户。` };
  }
  return { ok: true, value: c };
}

/** A rep of the region by name (exact first, then a clear fuzzy match). */
export function findRep(services: Services, regionId: number, word: string): Found<Member> {
  const region = services.repos.regions.byId(regionId);
  const reps = services.repos.members.inRegion(regionId).filter((m) => m.role === 'rep');
  const exact = reps.filter((m) => m.name === word);
  if (exact.length === 1) return { ok: true, value: exact[0]! };
  const r = resolve(
    word,
    reps.map((m) => ({ item: m, names: [m.name] })),
  );
  if (r.kind === 'one' && r.match.score >= 0.9) return { ok: true, value: r.match.item };
  const names = reps.map((m) => m.name).join('、') || '（暂无）';
  return { ok: false, message: `「${word}」不是${region?.name ?? '本区'}的销售。本区销售：${names}。` };
}
