import type { ReactNode } from 'react';
import type { Items } from '../../contracts.ts';
import { Alert } from '../../ui/alert.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';

type AdminTablePageProps<T> = {
  /** What a user must hold to see the page. */
  scope: string;
  title: string;
  lead: string;
  /** Said when there is nothing to list. */
  empty: string;
  /** A GET path that answers `{ items }`. */
  path: string;
  columns: string[];
  /** The table row of one item, with its key. */
  row: (item: T) => ReactNode;
};

/**
 * An operator page that lists what `path` returns as a wide table, with its error, loading and
 * empty states; only for users holding `scope`, and loaded only for them.
 */
export function AdminTablePage<T>(props: AdminTablePageProps<T>) {
  return (
    <RequireSession scope={props.scope} title={props.title}>
      {() => <ItemsTable {...props} />}
    </RequireSession>
  );
}

function ItemsTable<T>({ title, lead, empty, path, columns, row }: AdminTablePageProps<T>) {
  const resource = useResource<Items<T>>(path);
  const items = resource.data?.items;
  return (
    <Page title={title} lead={lead} isWide>
      {resource.problem ? <Alert variant="error" title={resource.problem.title} /> : null}
      {resource.isLoading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <p>{empty}</p> : null}
      {items && items.length > 0 ? (
        <DataTable caption={title} isWide>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{items.map((item) => row(item))}</tbody>
        </DataTable>
      ) : null}
    </Page>
  );
}
