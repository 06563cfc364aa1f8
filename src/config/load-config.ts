import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, ParleyConfig } from './config.schema';

/** A configuration problem, phrased as the one line the operator sees. */
export class ConfigError extends Error {}

type Tree = { [key: string]: unknown };

export const CONFIG_DIR = join(__dirname, '..', '..', 'config');
const ENV_PREFIX = 'PARLEY_';
const DECIMAL = /^\s*-?\d+(?:\.\d+)?\s*$/;

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  configDir?: string;
  /** Settings that win over files and environment, by dotted path (e.g. CLI arguments). */
  overrides?: Record<string, unknown>;
}

/**
 * Builds the configuration from config/default.yaml, config/local.yaml (optional),
 * PARLEY_* environment variables and explicit overrides, in that order, and validates it.
 */
export function loadConfig(options: LoadConfigOptions = {}): ParleyConfig {
  const env = options.env ?? process.env;
  const configDir = options.configDir ?? CONFIG_DIR;
  const defaultsFile = join(configDir, 'default.yaml');
  const tree = readYaml(defaultsFile);
  if (!tree) throw new ConfigError(`Cannot read configuration file ${defaultsFile}: it does not exist.`);
  const local = readYaml(join(configDir, 'local.yaml'));
  if (local) mergeInto(tree, local, 'config/local.yaml');

  const sources = new Map<string, string>();
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const path = settingForEnv(tree, name);
    if (!path) throw new ConfigError(`Unknown setting ${name}: no such key in config/default.yaml.`);
    setPath(tree, path, fromEnvString(getPath(tree, path), raw));
    sources.set(path.join('.'), name);
  }
  for (const [dotted, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    const path = dotted.split('.');
    setPath(tree, path, typeof value === 'string' ? fromEnvString(getPath(tree, path), value) : value);
    sources.set(dotted, 'the command line');
  }

  const result = configSchema.safeParse(tree);
  if (!result.success) throw new ConfigError(describe(result.error.issues[0], sources));
  return result.data;
}

/** The PARLEY_* variable that overrides a dotted setting path. */
export function envNameFor(path: string): string {
  return ENV_PREFIX + path.replace(/\./g, '_').toUpperCase();
}

function readYaml(file: string): Tree | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level is not a mapping');
    return parsed as Tree;
  } catch (error) {
    throw new ConfigError(`Cannot read configuration file ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function mergeInto(target: Tree, source: Tree, origin: string, prefix: string[] = []): void {
  for (const [key, value] of Object.entries(source)) {
    const path = [...prefix, key];
    if (!Object.hasOwn(target, key)) throw new ConfigError(`Unknown setting ${path.join('.')} in ${origin}.`);
    const current = target[key];
    if (isTree(current) && isTree(value)) mergeInto(current, value, origin, path);
    else target[key] = value;
  }
}

/** Finds the leaf whose env name matches, so keys containing "_" map unambiguously. */
function settingForEnv(tree: Tree, envName: string, prefix: string[] = []): string[] | undefined {
  for (const [key, value] of Object.entries(tree)) {
    const path = [...prefix, key];
    if (isTree(value)) {
      const found = settingForEnv(value, envName, path);
      if (found) return found;
    } else if (envNameFor(path.join('.')) === envName) {
      return path;
    }
  }
  return undefined;
}

function fromEnvString(current: unknown, raw: string): unknown {
  if (typeof current === 'number') return DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (typeof current === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function getPath(tree: Tree, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isTree(node) ? node[key] : undefined), tree);
}

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(node, key) || !isTree(node[key])) throw new ConfigError(`Unknown setting ${path.join('.')}.`);
    node = node[key] as Tree;
  }
  const leaf = path[path.length - 1];
  if (!Object.hasOwn(node, leaf)) throw new ConfigError(`Unknown setting ${path.join('.')}.`);
  node[leaf] = value;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(issue: z.core.$ZodIssue, sources: Map<string, string>): string {
  const dotted = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (dotted ? `${dotted}.${key}` : key));
    return `Unknown setting ${keys.join(', ')} in the configuration.`;
  }
  const source = sources.get(dotted);
  const where = source ? ` (set by ${source})` : '';
  return `Invalid setting ${dotted}${where}: ${issue.message}.`;
}
