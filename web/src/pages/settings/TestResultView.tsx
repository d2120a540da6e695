/** The diagnosis of a test message: overall verdict, then one panel per server attempt. */
import { useI18n } from '../../i18n/I18nProvider';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { STAGES, type Stage, type TestAttempt, type TestResult } from '../../api/types';
import { TlsFactsView } from './TlsFactsView';
import { ScrollablePre } from '../../components/ScrollablePre';
import { TechnicalDetails } from '../../components/TechnicalDetails';
import { Token } from '../../components/Token';
import { PlaintextNotice } from '../../components/PlaintextNotice';

/** Stages a session passes without doing anything: no TLS negotiated, no AUTH sent. */
function skipped(attempt: TestAttempt, stage: Stage): boolean {
  if (stage === 'token') return attempt.token === undefined;
  if (stage === 'starttls') return attempt.tls === null;
  if (stage === 'auth') return !attempt.transcript.some((line) => /^C:\s*AUTH\b/i.test(line));
  return false;
}

/** Where the attempt got to, as a row of steps. */
function StageTrack({ attempt }: { attempt: TestAttempt }) {
  const { t } = useI18n();
  const reached = STAGES.indexOf(attempt.stage);
  // the token step exists only with OAuth
  const usesToken = attempt.token !== undefined || attempt.stage === 'token';
  const shown = STAGES.filter((stage) => stage !== 'done' && (stage !== 'token' || usesToken));
  return (
    <ol className="stages" aria-label={t('test.stageReached')}>
      {shown.map((stage: Stage) => {
        const index = STAGES.indexOf(stage);
        const passed = attempt.ok || index < reached;
        const state = passed ? (skipped(attempt, stage) ? 'skipped' : 'passed') : index === reached ? 'failed' : 'pending';
        return (
          <li key={stage} className={`stages__step stages__step--${state}`} aria-current={!attempt.ok && index === reached ? 'step' : undefined}>
            {t(`stage.${stage}`)}
          </li>
        );
      })}
    </ol>
  );
}

/** One server's attempt. */
function AttemptView({ attempt }: { attempt: TestAttempt }) {
  const { t, fieldErrorText } = useI18n();
  return (
    <article className={`attempt attempt--${attempt.ok ? 'ok' : 'failed'}`} data-testid="test-attempt">
      <header className="attempt__header">
        <Token value={`${attempt.server}:${attempt.port}`} className="attempt__server" />
        <Badge tone={attempt.ok ? 'success' : 'danger'}>{attempt.ok ? t('test.ok') : t('test.failed')}</Badge>
      </header>
      <StageTrack attempt={attempt} />
      {attempt.error !== null ? (
        <div className="attempt__error" role="alert">
          <Icon name="alert" />
          <div>
            <p className="attempt__error-title">
              {fieldErrorText(attempt.error)} <code className="code-pill">{attempt.error.code}</code>
            </p>
            {attempt.error.smtpCode !== undefined ? <p className="attempt__error-detail">{t('test.smtpCode', { code: attempt.error.smtpCode })}</p> : null}
            <TechnicalDetails className="attempt__error-detail" text={attempt.error.message} />
          </div>
        </div>
      ) : null}
      {attempt.token !== undefined ? (
        <p className="attempt__token" data-testid="attempt-token">
          {t('test.token', { endpoint: attempt.token.endpoint, minutes: Math.floor(attempt.token.validForSeconds / 60) })}
        </p>
      ) : null}
      <TlsFactsView tls={attempt.tls} />
      <PlaintextNotice reason={attempt.plaintextReason} />
      {attempt.transcript.length > 0 ? (
        <details className="transcript">
          <summary>{t('test.transcript', { n: attempt.transcript.length })}</summary>
          <ScrollablePre label={t('test.transcriptOf', { server: `${attempt.server}:${attempt.port}` })}>
            {attempt.transcript.map((line, index) => (
              <span key={index} className={line.startsWith('C:') ? 'transcript__client' : 'transcript__server'}>
                {line}
                {'\n'}
              </span>
            ))}
          </ScrollablePre>
        </details>
      ) : null}
    </article>
  );
}

/** Verdict plus attempts. */
export function TestResultView({ result }: { result: TestResult }) {
  const { t } = useI18n();
  const accepted = result.attempts.find((attempt) => attempt.ok);
  return (
    <div className="test-result" data-testid="test-result">
      <div className={`verdict verdict--${result.delivered ? 'ok' : 'failed'}`}>
        <Icon name={result.delivered ? 'check' : 'x'} size={22} />
        <div>
          <p className="verdict__title">{result.delivered ? t('test.delivered') : t('test.notDelivered')}</p>
          <p className="verdict__text">{result.delivered && accepted !== undefined ? t('test.deliveredVia', { server: `${accepted.server}:${accepted.port}` }) : t('test.failedAll')}</p>
        </div>
      </div>
      {result.attempts.map((attempt, index) => (
        <AttemptView key={index} attempt={attempt} />
      ))}
    </div>
  );
}
