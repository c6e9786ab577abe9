import type { Me } from '../../contracts.ts';
import { roleLabel } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Page } from '../../ui/page.tsx';
import { AgencyUnits } from './agency-units.tsx';
import { CreateOfficerForm } from './create-officer-form.tsx';
import { CreateUnitForm } from './create-unit-form.tsx';
import { OfficerList } from './officer-list.tsx';
import { useAgencyUnits } from './use-agency-units.ts';
import { useOfficers } from './use-officers.ts';

/** An officer's home: their agency and role, its units, the officers they oversee, and what they may create. */
export function OfficerHome({ user }: { user: Me }) {
  const { t, language } = useI18n();
  const canReadOfficers = user.scopes.includes('officers:read');
  const canManageOfficers = user.scopes.includes('officers:manage');
  const canManageAgencies = user.scopes.includes('agencies:manage');
  const agency = user.agency;
  const units = useAgencyUnits(agency?.code);
  const officers = useOfficers(canReadOfficers);

  return (
    <Page title={t('officer.title')} lead={t('home.welcome', { name: user.name })}>
      <section className="card" aria-labelledby="officer-profile-heading">
        <h2 id="officer-profile-heading">{t('home.profile')}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t('officer.agency')}</dt>
            <dd data-testid="officer-agency">{agency ? agency.name : t('officer.noAgency')}</dd>
          </div>
          {agency ? (
            <div>
              <dt>{t('officer.agencyCode')}</dt>
              <dd className="mono">{agency.code}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('officer.role')}</dt>
            <dd data-testid="officer-role">{user.role ? roleLabel(language, user.role) : t('home.none')}</dd>
          </div>
          <div>
            <dt>{t('home.email')}</dt>
            <dd className="break">{user.email}</dd>
          </div>
        </dl>
      </section>
      {agency ? (
        <AgencyUnits units={units.data?.items} problem={units.problem} isLoading={units.isLoading} />
      ) : null}
      {canReadOfficers ? (
        <OfficerList
          officers={officers.data?.items}
          problem={officers.problem}
          isLoading={officers.isLoading}
        />
      ) : null}
      {canManageOfficers ? (
        <CreateOfficerForm defaultAgencyCode={agency?.code ?? ''} onCreated={officers.reload} />
      ) : null}
      {canManageAgencies ? (
        <CreateUnitForm defaultParentCode={agency?.code ?? ''} onCreated={units.reload} />
      ) : null}
    </Page>
  );
}
