import { IncomingMessage, ServerResponse } from 'node:http';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

/** Admin requests are small; anything bigger is refused with 413 before it is parsed. */
const JSON_BODY_LIMIT = '64kb';

/**
 * HTTP concerns outside the modules: the access log, security headers, the JSON body limit and the OpenAPI
 * document. No CORS headers are sent: the console is served from the same origin.
 */
export function configureHttp(
  app: NestExpressApplication,
  accessLog?: (request: IncomingMessage, response: ServerResponse, next: () => void) => void,
): void {
  if (accessLog) app.use(accessLog);
  app.use(
    helmet({
      // Served over plain HTTP on a LAN address, these would send the browser to https:// and break the console.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      strictTransportSecurity: false,
    }),
  );
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parley admin API')
      .setDescription(
        'Manage users, lockouts, stored messages and live sessions of a Parley chat server. ' +
          'Sign in with POST /api/auth/login, then send "Authorization: Bearer TOKEN".',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
