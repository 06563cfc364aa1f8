import { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { AdminRequest, clientAddress } from '../admin/auth/admin-request';

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * One access line per admin HTTP request, when its response is finished: method, URL,
 * status, time taken, address and the admin who called. No headers (they carry the bearer
 * token) and no bodies (passwords, announcement texts).
 */
export function httpAccessLog(logger: pino.Logger): Handler {
  return pinoHttp({
    logger: logger.child({ context: 'HttpAccess' }),
    quietReqLogger: true,
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
      res: (response: { statusCode: number }) => ({ status: response.statusCode }),
    },
    customProps: (request) => ({
      protocol: 'http',
      address: clientAddress(request as AdminRequest) ?? undefined,
      user: (request as AdminRequest).admin?.username,
    }),
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (request, response, ms) => `${request.method} ${request.url} ${response.statusCode} ${ms} ms`,
    customErrorMessage: (request, response) => `${request.method} ${request.url} ${response.statusCode} failed`,
  });
}
