import { createToolsApp } from '../app';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/load-config';
import { LiveServersRepository, refuseIfServerLive } from '../database/live-servers';
import { SeedFiles, SeedImporter } from '../seed/seed-importer';

/** `parley import [--users F] [--blocks F] [--messages F]`: prints what was added and skipped. */
export async function importSeedFiles(files: SeedFiles): Promise<void> {
  if (!files.users && !files.blocks && !files.messages) {
    throw new Error('nothing to import: give at least one of --users, --blocks, --messages');
  }
  const app = await createToolsApp(loadConfig(), { logger: ['error', 'warn'] });
  try {
    await refuseIfServerLive(app.get(LiveServersRepository), app.get(Clock), 'parley import');
    for (const report of await app.get(SeedImporter).import(files)) {
      console.log(`${report.file}: added ${report.added}, skipped ${report.skipped.length}`);
      for (const { line, reason } of report.skipped) console.log(`  line ${line}: skipped: ${reason}`);
    }
  } finally {
    await app.close();
  }
}
