/** Subject, issuer, validity and warnings of an uploaded certificate. */
import { useI18n } from '../../i18n/I18nProvider';
import { Badge } from '../../components/Badge';
import type { CertificateView } from '../../api/types';

/** The leaf certificate's facts (and the chain length); compact = one line for the cards. */
export function CertificateSummary({ view, compact = false }: { view: CertificateView; compact?: boolean }) {
  const { t, formatDate } = useI18n();
  const leaf = view.certificates[0];
  if (leaf === undefined) return null;
  const validity = t('cert.validFromTo', { from: formatDate(leaf.notBefore), to: formatDate(leaf.notAfter) });
  const warnings = view.warnings.length > 0 ? (
    <ul className="cert-warnings">
      {view.warnings.map((warning) => (
        <li key={warning}>
          <Badge tone={warning === 'EXPIRED' || warning === 'NOT_YET_VALID' ? 'danger' : 'warning'}>{t(`cert.warning.${warning}`)}</Badge>
        </li>
      ))}
    </ul>
  ) : null;

  if (compact) {
    return (
      <div className="cert-compact" data-testid="certificate-summary">
        <span className="cert-compact__subject">{leaf.subject}</span>
        <span className="text-muted small">
          {leaf.issuer} · {validity}
          {view.certificates.length > 1 ? ' · ' + t('cert.chain', { n: view.certificates.length }) : ''}
        </span>
        {warnings}
      </div>
    );
  }

  return (
    <div className="cert-summary" data-testid="certificate-summary">
      <dl className="facts">
        <dt>{t('cert.subject')}</dt>
        <dd>{leaf.subject}</dd>
        <dt>{t('cert.issuer')}</dt>
        <dd>
          {leaf.issuer}
          {leaf.selfSigned ? (
            <>
              {' '}
              <Badge tone="neutral">{t('cert.selfSigned')}</Badge>
            </>
          ) : null}
        </dd>
        <dt>{t('cert.validity')}</dt>
        <dd>{validity}</dd>
        <dt>{t('cert.fingerprint')}</dt>
        <dd className="mono break">{leaf.fingerprintSha256}</dd>
        {view.certificates.length > 1 ? (
          <>
            <dt />
            <dd>{t('cert.chain', { n: view.certificates.length })}</dd>
          </>
        ) : null}
      </dl>
      {warnings}
    </div>
  );
}
