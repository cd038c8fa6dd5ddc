import type { FastifyError, FastifyInstance } from 'fastify';
import { isValidUtf8 } from '../core/clean-text.js';

// JSON bodies must be valid UTF-8: a body that is not is refused with a Chinese message instead of
// being decoded with U+FFFD in place of the bad bytes and stored (docs/security.md). Parsing is
// then fastify's own (prototype poisoning refused). Routes that need the raw bytes (the Feishu
// webhook's signature) replace this parser in their own scope.

function badEncoding(): FastifyError {
  const err = new Error('请求内容不是有效的 UTF-8 编码，请用 UTF-8 重新发送。') as FastifyError;
  err.statusCode = 400;
  return err;
}

export function registerJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const bytes = body as Buffer;
    if (!isValidUtf8(bytes)) return done(badEncoding(), undefined);
    parseJson(req, bytes.toString('utf8'), done);
  });
}
