import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ParleyConfig } from '../../config/config.schema';
import { CheckResult, fail, pass, reasonOf } from './check';

const DAY_MS = 86_400_000;

/** With TLS on: the certificate and key can be read, belong together, and the certificate is valid now. */
export function checkTls(config: ParleyConfig, now: Date = new Date()): CheckResult {
  const { tls } = config;
  if (!tls.enabled) return pass('tls certificate', 'TLS is disabled (tls.enabled)');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(tls.cert));
  } catch (error) {
    return fail('tls certificate', `cannot read tls.cert ${tls.cert}: ${reasonOf(error)}`);
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(tls.key)))) {
      return fail('tls certificate', `tls.key ${tls.key} is not the key of tls.cert ${tls.cert}`);
    }
  } catch (error) {
    return fail('tls certificate', `cannot read tls.key ${tls.key}: ${reasonOf(error)}`);
  }
  const validTo = new Date(certificate.validTo);
  if (new Date(certificate.validFrom) > now) return fail('tls certificate', `${tls.cert} is not valid before ${certificate.validFrom}`);
  if (validTo <= now) return fail('tls certificate', `${tls.cert} expired on ${validTo.toISOString()}`);
  const days = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  return pass('tls certificate', `${tls.cert} (${certificate.subject.replace(/\n/g, ', ')}) valid until ${validTo.toISOString()}, ${days} days`);
}
