import type { Config } from '../../config.js';
import type { Platform, SendTarget } from '../../core/events.js';
import type { Services } from '../../services.js';

// Where proactive messages go. A DM goes to one platform per person (the first configured one the
// member is known on), so a manager on both Feishu and WeCom is not warned twice.

const PREFERENCE: Platform[] = ['feishu', 'wecom', 'console'];

export function enabledPlatforms(config: Config): Platform[] {
  return PREFERENCE.filter(
    (p) =>
      (p === 'feishu' && !!config.FEISHU_APP_ID) || (p === 'wecom' && !!config.WECOM_CORP_ID) || (p === 'console' && config.consoleEnabled),
  );
}

/** The region's bound group on every configured platform. */
export function regionGroups(services: Services, regionId: number): Array<{ platform: Platform; target: SendTarget }> {
  const on = new Set(enabledPlatforms(services.config));
  return services.repos.regions
    .chatsOf(regionId)
    .filter((c): c is { platform: Platform; chatId: string } => on.has(c.platform as Platform))
    .map((c) => ({ platform: c.platform, target: { kind: 'chat' as const, id: c.chatId } }));
}

/** Where to DM a member, or null when they are not known on any configured platform. */
export function memberDm(services: Services, memberId: number): { platform: Platform; target: SendTarget } | null {
  for (const platform of enabledPlatforms(services.config)) {
    const id = services.repos.members.identityOf(memberId, platform);
    if (id) return { platform, target: { kind: 'member', id } };
  }
  return null;
}
