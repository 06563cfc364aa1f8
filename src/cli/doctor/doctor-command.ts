import { ParleyConfig } from '../../config/config.schema';
import { loadConfig } from '../../config/load-config';
import { CheckResult, fail, pass, reasonOf } from './check';
import { configuredListeners, checkPort } from './port-checks';
import { checkRedis } from './redis-check';
import { checkDataDir, checkDatabase } from './storage-checks';
import { checkTls } from './tls-check';

/**
 * `parley doctor`: checks the installation as `parley server` would find it and prints one
 * line per check, `ok` or `FAIL`. Returns the exit code: 0 when every check passed.
 */
export async function runDoctor(print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  let config: ParleyConfig;
  try {
    config = loadConfig();
  } catch (error) {
    print(format(fail('config', reasonOf(error))));
    print('(the other checks need a valid configuration)');
    return 1;
  }
  let failures = 0;
  const report = (result: CheckResult) => {
    if (!result.ok) failures += 1;
    print(format(result));
    return result;
  };
  report(pass('config', 'config/default.yaml, config/local.yaml and PARLEY_* are valid'));
  const dataDir = report(checkDataDir(config));
  report(dataDir.ok ? await checkDatabase(config) : fail('database', 'not checked: the data dir is unusable'));
  for (const listener of configuredListeners(config)) report(await checkPort(listener));
  report(checkTls(config));
  report(await checkRedis(config));
  return failures === 0 ? 0 : 1;
}

function format(result: CheckResult): string {
  return `${result.ok ? 'ok  ' : 'FAIL'} ${result.name}: ${result.detail}`;
}
