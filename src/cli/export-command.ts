import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createToolsApp } from '../app';
import { loadConfig } from '../config/load-config';
import { DataExporter, ExportCounts } from '../transfer/data-exporter';

/**
 * `parley export [--to FILE]`: every account (with its password hash), block and stored
 * message as JSON lines, to FILE or standard output. A file is written beside its final name
 * and renamed when complete, readable by its owner only (it holds password hashes).
 */
export async function exportData(options: { to?: string }): Promise<void> {
  // Warnings go to standard output with Nest's logger; only errors may share it with the data.
  const app = await createToolsApp(loadConfig(), { logger: ['error'] });
  try {
    const exporter = app.get(DataExporter);
    if (!options.to) {
      await exporter.export((line) => writeLine(process.stdout, line));
      return;
    }
    const counts = await exportToFile(exporter, options.to);
    process.stderr.write(`Exported ${counts.users} users, ${counts.blocks} blocks and ${counts.messages} stored messages to ${options.to}.\n`);
  } finally {
    await app.close();
  }
}

async function exportToFile(exporter: DataExporter, file: string): Promise<ExportCounts> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  try {
    await once(out, 'open');
    const counts = await exporter.export((line) => writeLine(out, line));
    out.end();
    await once(out, 'finish');
    renameSync(partial, file);
    return counts;
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw new Error(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}
