/** "Rules and policies": the server rules, then the per-application policies. */
import { useI18n } from '../../i18n/I18nProvider';
import { PageHeader } from '../../components/PageHeader';
import { RulesCard } from './RulesCard';
import { PoliciesSection } from './PoliciesSection';

/** The rules-and-policies page. */
export function RulesPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('rules.title')} subtitle={t('rules.subtitle')} />
      <div className="stack-lg">
        <RulesCard />
        <PoliciesSection />
      </div>
    </>
  );
}
