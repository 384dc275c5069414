import { ParleyError } from '@parley/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import { toParleyError } from '../internal-error.js';
import { loggerOver } from '../logging/fastify-logger.js';

/** Fastify's own errors (body parsing, limits) in our registry's terms. */
function fromFastify(error: FastifyError): ParleyError | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ParleyError('payload_too_large', 'The request body is too large.');
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ParleyError('invalid_input', 'Send the body as JSON with Content-Type: application/json.');
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new ParleyError('invalid_input', 'The JSON body is empty.');
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new ParleyError('invalid_input', 'The body is not valid JSON.');
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return new ParleyError('invalid_input', error.message);
  return null;
}

/** The one place HTTP errors become responses: `{"error":{"code","message"}}` with the registry's status. */
export function installErrorBoundary(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Logged with the request's id, which the client got in X-Request-Id.
    const known = error instanceof ParleyError ? error : (fromFastify(error) ?? toParleyError(error, loggerOver(request.log)));
    if (known.code === 'rate_limited') reply.header('retry-after', String(known.retryAfterSeconds ?? 1));
    void reply.status(known.status).send(known.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new ParleyError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`).toBody());
  });
}
