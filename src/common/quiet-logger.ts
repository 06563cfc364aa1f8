import { ConsoleLogger } from '@nestjs/common';

/** Nest's framework chatter at start-up; Parley's own log lines are what operators read. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplication', 'RoutesResolver', 'RouterExplorer']);

export class QuietLogger extends ConsoleLogger {
  constructor(context: string) {
    super(context, { colors: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) return;
    super.log(message, ...optionalParams);
  }
}
