/** What TLS an attempt used: protocol, cipher and the server's certificate. */
import { useI18n } from '../../i18n/I18nProvider';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import type { TlsFacts } from '../../api/types';
import { Token } from '../../components/Token';

/** A compact fact list, or "No TLS". */
export function TlsFactsView({ tls }: { tls: TlsFacts | null }) {
  const { t, formatDate } = useI18n();
  if (tls === null) {
    return (
      <p className="tls-facts tls-facts--none text-muted small">
        <Icon name="lock" size={14} /> {t('test.noTls')}
      </p>
    );
  }
  return (
    <dl className="facts facts--compact tls-facts">
      <dt>{t('test.protocol')}</dt>
      <dd>
        {tls.protocol ?? '—'} <Badge tone={tls.authorized ? 'success' : 'warning'}>{tls.authorized ? t('test.trusted') : t('test.untrusted')}</Badge>
      </dd>
      <dt>{t('test.cipher')}</dt>
      <dd>{tls.cipher !== null ? <Token value={tls.cipher} /> : '—'}</dd>
      {tls.peerCertificate !== null ? (
        <>
          <dt>{t('test.peer')}</dt>
          <dd>
            {tls.peerCertificate.subject}
            <span className="text-muted small">
              {' '}
              ({t('cert.issuer')}: {tls.peerCertificate.issuer}; {formatDate(tls.peerCertificate.notAfter)})
            </span>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
