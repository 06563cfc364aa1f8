import { ApiProperty } from '@nestjs/swagger';

/** A live server (a node, in cluster mode): one whose heartbeat is fresh. */
export class NodeDto {
  @ApiProperty({ example: 'chat-1-4242-a1b2c3', description: "The node's id, unique across restarts (as in its logs)" })
  id!: string;

  @ApiProperty({
    example: 'chat-1.example.net:4000',
    description: "The node's line listener, HOST:PORT (the machine's host name when it listens on every interface)",
  })
  address!: string;

  @ApiProperty({ example: 12, description: 'Chat sessions on this node at its last heartbeat (every 5 s)' })
  sessions!: number;

  @ApiProperty({ example: '2026-11-24T07:00:00.000Z', description: 'When the node started' })
  since!: string;
}
