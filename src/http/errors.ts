import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from '../services.js';

// One error handler and one not-found handler for every route, set on the root instance before
// any route or plugin is registered (a plugin scope keeps the handler it was created with). Bodies
// are Chinese and never carry an internal message; a 5xx names the request id that the log line
// carries, so an operator can find the cause (docs/security.md).

export const newRequestId = (): string => randomUUID();

/** A Chinese body for the 4xx errors fastify raises itself, by its error code. */
const CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: '请求内容太大。',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持这种请求内容类型，请发送 JSON。',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求的 Content-Length 与内容不符。',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求内容为空，请发送 JSON。',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON。',
  FST_ERR_BAD_URL: '网址格式不正确。',
};

function clientMessage(err: FastifyError, status: number): string {
  if (err.validation) {
    const field =
      err.validation[0]?.instancePath.replace(/^\//, '') ||
      (err.validation[0]?.params as { missingProperty?: string } | undefined)?.missingProperty;
    return field ? `参数 ${field} 不正确，请检查后重试。` : '请求参数不正确，请检查后重试。';
  }
  if (err.code && CLIENT_ERRORS[err.code]) return CLIENT_ERRORS[err.code]!;
  if (err instanceof SyntaxError) return CLIENT_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY!;
  // Messages we raise ourselves for the client are already Chinese; anything else is replaced.
  if (/[\u4e00-\u9fff]/.test(err.message ?? '')) return err.message;
  return status === 429 ? '请求太频繁，请稍等一分钟再试。' : '请求无效，请检查后重试。';
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err, url: redactUrl(req.url), requestId: req.id }, 'request failed');
      return reply
        .code(status)
        .send({ error: `服务器内部错误，请稍后再试。如果一直出现，请把请求编号 ${req.id} 告诉管理员。`, requestId: req.id });
    }
    if (status !== 404 && status !== 429) req.log.info({ code: err.code, status }, 'request refused');
    return reply.code(status).send({ error: clientMessage(err, status), requestId: req.id });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: '没有这个页面或接口。', requestId: req.id }));
}

/**
 * Every query parameter of ours is single: a repeated one (?t=a&t=b) would reach a handler as an
 * array. It is refused here, for every route, before any handler or signature check sees it.
 */
export function registerSingleQueryParams(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    const q = req.query as Record<string, unknown> | undefined;
    if (!q || typeof q !== 'object') return;
    const repeated = Object.keys(q).find((k) => Array.isArray(q[k]));
    if (repeated === undefined) return;
    return reply
      .code(400)
      .send({ error: `参数 ${repeated.slice(0, 40)} 只能出现一次，请检查链接是否完整、没有被拼接。`, requestId: req.id });
  });
}
