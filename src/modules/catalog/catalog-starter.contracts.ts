import type { Workflow } from './catalog.contracts.ts';

/**
 * The two-step workflow most services start from: the unit's penghubung checks the documents and
 * forwards, the agency's admin-instansi approves and issues (either may send back, the approver may
 * refuse). The web editor gives it to a new service and the birth-certificate sample uses it, so
 * both start from the same steps. Plain data (no Zod) so that the web bundles it.
 */
export function starterWorkflow(
  options: {
    approvalLabel?: Workflow['states'][number]['label'];
    issueLabel?: Workflow['actions'][number]['label'];
  } = {},
): Workflow {
  const sendBack = { id: 'Kembalikan untuk diperbaiki', en: 'Send back for correction' };
  return {
    initial: 'verifikasi',
    totalWorkingDays: 5,
    states: [
      { key: 'verifikasi', label: { id: 'Verifikasi berkas', en: 'Document check' }, workingDays: 3 },
      {
        key: 'persetujuan',
        label: options.approvalLabel ?? { id: 'Persetujuan', en: 'Approval' },
        workingDays: 2,
      },
    ],
    actions: [
      {
        key: 'teruskan',
        label: { id: 'Berkas lengkap, teruskan', en: 'Complete: forward' },
        from: 'verifikasi',
        kind: 'lanjut',
        to: 'persetujuan',
        role: 'penghubung',
      },
      { key: 'kembalikan', label: sendBack, from: 'verifikasi', kind: 'kembalikan', role: 'penghubung' },
      {
        key: 'setujui',
        label: options.issueLabel ?? { id: 'Setujui dan terbitkan', en: 'Approve and issue' },
        from: 'persetujuan',
        kind: 'terbitkan',
        role: 'admin-instansi',
      },
      { key: 'kembalikan', label: sendBack, from: 'persetujuan', kind: 'kembalikan', role: 'admin-instansi' },
      {
        key: 'tolak',
        label: { id: 'Tolak', en: 'Refuse' },
        from: 'persetujuan',
        kind: 'tolak',
        role: 'admin-instansi',
      },
    ],
  };
}
