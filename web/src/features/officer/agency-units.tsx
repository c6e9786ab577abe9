import type { AgencySummary, Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';

export function AgencyUnits({
  units,
  problem,
  isLoading,
}: {
  units: AgencySummary[] | undefined;
  problem: Problem | undefined;
  isLoading: boolean;
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="units-heading">
      <h2 id="units-heading">{t('officer.units')}</h2>
      {problem ? <Alert variant="error" title={problem.title} /> : null}
      {isLoading && !units ? <Loading /> : null}
      {units && units.length === 0 ? <p>{t('officer.noUnits')}</p> : null}
      {units && units.length > 0 ? (
        <DataTable caption={t('officer.units')}>
          <thead>
            <tr>
              <th scope="col">{t('officer.unitName')}</th>
              <th scope="col">{t('officer.unitCode')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((unit) => (
              <tr key={unit.id}>
                <td>{unit.name}</td>
                <td className="mono">{unit.code}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}
