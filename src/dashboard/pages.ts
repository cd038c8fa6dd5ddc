// The small server-rendered pages of the dashboard: a refused link gets one of these and no data.

/** Inline, so a refused link needs no asset; its hash is allowed by the CSP (src/http/headers.ts). */
export const ERROR_PAGE_STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#0f172a;color:#e2e8f0;display:flex;
min-height:100vh;align-items:center;justify-content:center;margin:0}main{max-width:28rem;padding:2rem;text-align:center}
h1{font-size:1.6rem;margin:0 0 1rem;color:#fca5a5}p{line-height:1.7}code{background:#1e293b;padding:.1rem .4rem;border-radius:.3rem}`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function errorPage(title: string, text: string, days: number): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · 作战室</title>
<style>${ERROR_PAGE_STYLE}</style>
</head><body><main id="refused"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p>发送 <code>/看板</code> 即可收到一个 ${days} 天内有效的新链接。</p></main></body></html>`;
}
