import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { usernameKey } from '../accounts/username';
import { ClusterLink } from '../cluster/cluster-link';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { BlockList } from './block-list';
import { ChatSession } from './chat-session';
import { SessionRegistry } from './session-registry';

/** whoelse and wholasthr: who a user may see, sorted, hiding those who blocked them. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly blocks: BlockList,
    private readonly accounts: AccountsService,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    private readonly cluster: ClusterLink,
  ) {}

  onlineOthers(viewer: ChatSession): string[] {
    const names: string[] = [];
    for (const other of this.registry.all()) {
      if (other !== viewer && !this.blocks.has(other.key, viewer.key)) names.push(other.name);
    }
    for (const other of this.cluster.roster.all()) {
      if (other.key !== viewer.key && !this.blocks.has(other.key, viewer.key)) names.push(other.name);
    }
    return sortNames(names);
  }

  /** Others online now, or whose last session ended within the wholasthr window. */
  async recentOthers(viewer: ChatSession): Promise<string[]> {
    const names = new Map<string, string>();
    for (const name of this.onlineOthers(viewer)) names.set(usernameKey(name), name);
    for (const user of await this.accounts.seenWithin(this.config.wholasthr.seconds)) {
      const key = user.usernameKey;
      if (key !== viewer.key && !this.blocks.has(key, viewer.key)) names.set(key, user.username);
    }
    return sortNames([...names.values()]);
  }
}

function sortNames(names: string[]): string[] {
  return names.sort((a, b) => {
    const byKey = usernameKey(a).localeCompare(usernameKey(b), 'en');
    return byKey !== 0 ? byKey : a.localeCompare(b, 'en');
  });
}
