import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ClusterLink } from '../cluster/cluster-link';
import { ClusterTransport, clusterTransportProvider } from '../cluster/cluster-transport';
import { ChatPersistenceModule } from './chat-persistence.module';
import { BlockList } from './block-list';
import { BlockingService } from './blocking.service';
import { ChatBus, InProcessChatBus } from './chat-bus';
import { DirectoryService } from './directory.service';
import { MessagingService } from './messaging.service';
import { PendingWrites } from './pending-writes';
import { PresenceService } from './presence.service';
import { Roster } from './roster';
import { SessionControlService } from './session-control.service';
import { SessionOpener } from './session-opener';
import { SessionRegistry } from './session-registry';
import { StoredHandover } from './stored-handover';
import { StoredMessageWriter } from './stored-message-writer';
import { StoredMessagesService } from './stored-messages.service';

/** The protocol-agnostic chat core; gateways only encode and decode for it. */
@Module({
  imports: [ChatPersistenceModule, AccountsModule],
  providers: [
    { provide: ChatBus, useClass: InProcessChatBus },
    SessionRegistry,
    { provide: Roster, useFactory: () => new Roster() },
    clusterTransportProvider,
    ClusterLink,
    BlockList,
    StoredMessageWriter,
    StoredMessagesService,
    StoredHandover,
    PendingWrites,
    PresenceService,
    SessionOpener,
    BlockingService,
    MessagingService,
    DirectoryService,
    SessionControlService,
  ],
  exports: [
    BlockList,
    BlockingService,
    SessionOpener,
    PresenceService,
    MessagingService,
    DirectoryService,
    StoredMessagesService,
    PendingWrites,
    SessionControlService,
    ClusterTransport,
    ClusterLink,
  ],
})
export class ChatModule {}
