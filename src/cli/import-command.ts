import { createToolsApp } from '../app';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/load-config';
import { LiveServersRepository, refuseIfServerLive } from '../database/live-servers';
import { SeedFiles, SeedImporter } from '../seed/seed-importer';
import { DataImporter } from '../transfer/data-importer';

export interface ImportOptions extends SeedFiles {
  /** A `parley export` file. */
  from?: string;
}

/** `parley import [--users F] [--blocks F] [--messages F] [--from EXPORT]`: prints what was added and skipped. */
export async function importSeedFiles(options: ImportOptions): Promise<void> {
  const { from, ...files } = options;
  if (!files.users && !files.blocks && !files.messages && !from) {
    throw new Error('nothing to import: give at least one of --users, --blocks, --messages, --from');
  }
  const app = await createToolsApp(loadConfig(), { logger: ['error', 'warn'] });
  try {
    await refuseIfServerLive(app.get(LiveServersRepository), app.get(Clock), 'parley import');
    if (files.users || files.blocks || files.messages) {
      for (const report of await app.get(SeedImporter).import(files)) {
        printReport(report.file, report);
        for (const { line, reason } of report.warnings) console.log(`  line ${line}: warning: ${reason}`);
      }
    }
    if (from) {
      const report = await app.get(DataImporter).import(from);
      for (const [kind, counts] of Object.entries(report)) printReport(`${from} ${kind}s`, counts);
    }
  } finally {
    await app.close();
  }
}

function printReport(what: string, report: { added: number; skipped: { line: number; reason: string }[] }): void {
  console.log(`${what}: added ${report.added}, skipped ${report.skipped.length}`);
  for (const { line, reason } of report.skipped) console.log(`  line ${line}: skipped: ${reason}`);
}
