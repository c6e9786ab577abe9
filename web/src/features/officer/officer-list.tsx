import type { Officer, Problem } from '../../contracts.ts';
import { roleLabel } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';

export function OfficerList({
  officers,
  problem,
  isLoading,
}: {
  officers: Officer[] | undefined;
  problem: Problem | undefined;
  isLoading: boolean;
}) {
  const { t, language } = useI18n();
  return (
    <section className="card" aria-labelledby="officers-heading">
      <h2 id="officers-heading">{t('officer.officers')}</h2>
      {problem ? <Alert variant="error" title={problem.title} /> : null}
      {isLoading && !officers ? <Loading /> : null}
      {officers && officers.length === 0 ? <p>{t('officer.noOfficers')}</p> : null}
      {officers && officers.length > 0 ? (
        <DataTable caption={t('officer.officers')} isWide>
          <thead>
            <tr>
              <th scope="col">{t('officer.officerName')}</th>
              <th scope="col">{t('officer.officerEmail')}</th>
              <th scope="col">{t('officer.officerRole')}</th>
              <th scope="col">{t('officer.officerAgency')}</th>
              <th scope="col">{t('officer.officerStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {officers.map((officer) => (
              <tr key={officer.id}>
                <td>{officer.name}</td>
                <td>{officer.email}</td>
                <td>{roleLabel(language, officer.role)}</td>
                <td>
                  {officer.agencyName} <span className="mono muted">({officer.agencyCode})</span>
                </td>
                <td>
                  <span className={`badge ${officer.disabled ? 'badge--warn' : 'badge--ok'}`}>
                    {officer.disabled ? t('officer.disabled') : t('officer.active')}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}
