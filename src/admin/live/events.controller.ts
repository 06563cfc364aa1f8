import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import { filter, from, interval, map, merge, Observable, switchMap, take, takeUntil } from 'rxjs';
import { AdminApi } from '../api-docs';
import { AdminIdentity, CurrentAdmin } from '../auth/admin-request';
import { TokensService } from '../auth/tokens.service';
import { LiveSnapshotDto } from './live.dto';
import { LiveService } from './live.service';

/** How often an open stream re-checks its token: a revoked or expired one, or a demoted admin, ends it. */
const TOKEN_CHECK_MS = 2000;
/** A comment-free keep-alive event, so proxies and the console see a quiet stream is still open. */
const PING_MS = 15_000;

@AdminApi('events')
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly live: LiveService,
    private readonly tokens: TokensService,
  ) {}

  /**
   * Server-sent events: `snapshot` (a LiveSnapshotDto) at once and whenever sessions,
   * lockouts or stored-message counts change; `ping` every 15 s. Authenticated by the same
   * bearer header as every /api route (read it with a streamed fetch).
   */
  @Sse()
  @ApiProduces('text/event-stream')
  @ApiExtraModels(LiveSnapshotDto)
  @ApiOkResponse({
    description: 'An event stream; each `snapshot` event carries a LiveSnapshotDto as JSON',
    content: { 'text/event-stream': { schema: { $ref: getSchemaPath(LiveSnapshotDto) } } },
  })
  stream(@CurrentAdmin() admin: AdminIdentity): Observable<MessageEvent> {
    const revoked = interval(TOKEN_CHECK_MS).pipe(
      switchMap(() => from(this.stillAdmin(admin))),
      filter((ok) => !ok),
      take(1),
    );
    const snapshots = this.live.snapshots.pipe(map((data): MessageEvent => ({ type: 'snapshot', data })));
    const pings = interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: '' })));
    return merge(snapshots, pings).pipe(takeUntil(revoked));
  }

  private async stillAdmin(admin: AdminIdentity): Promise<boolean> {
    const token = await this.tokens.find(admin.tokenId);
    return token?.user?.role === 'admin';
  }
}
