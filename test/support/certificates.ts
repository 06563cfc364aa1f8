import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

const CA_CONFIG = `[ca]
default_ca = self
[self]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
[any]
commonName = supplied
`;

/**
 * A self-signed EC certificate for 127.0.0.1 valid between two dates (YYYYMMDDHHMMSSZ), made with
 * the openssl CLI (`openssl ca` is the one command of OpenSSL 3.0 that can backdate).
 */
export function makeCertificate(dir: string, validity: { from: string; to: string }): { cert: string; key: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const request = join(dir, 'request.csr');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', request]);
  run(['ca', '-config', 'ca.cnf', '-selfsign', '-keyfile', key, '-in', request, '-startdate', validity.from, '-enddate', validity.to, '-batch', '-notext', '-out', cert]);
  return { cert, key };
}

/** YYYYMMDDHHMMSSZ, `days` from now. */
export function opensslDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}
