import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from '../api-docs';
import { NodeDto } from './node.dto';
import { NodesService } from './nodes.service';

@AdminApi('nodes')
@Controller('api/nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  /** The live nodes (one on a single server): id, line listener, sessions, start time. */
  @Get()
  @ApiOkResponse({ type: [NodeDto] })
  list(): Promise<NodeDto[]> {
    return this.nodes.live();
  }
}
