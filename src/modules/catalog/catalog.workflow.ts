import type { DraftIssue, Workflow, WorkflowAction } from './catalog.contracts.ts';

/**
 * Checks a workflow before it can be published: every state exists where it is named, every
 * state can be reached from the first one, every state has a way out, and from every state the
 * final issuing action (terbitkan) can still be reached, so no application can get stuck.
 */
export function validateWorkflow(workflow: Workflow): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const issue = (field: string, code: string, message: string) => issues.push({ field, code, message });
  const stateKeys = new Set<string>();
  workflow.states.forEach((state, index) => {
    if (stateKeys.has(state.key))
      issue(`workflow.states.${index}.key`, 'DUPLICATE_STATE', `Status "${state.key}" ditulis dua kali.`);
    stateKeys.add(state.key);
    if (state.workingDays > workflow.totalWorkingDays)
      issue(
        `workflow.states.${index}.workingDays`,
        'STATE_LONGER_THAN_SERVICE',
        `Batas status "${state.key}" melebihi batas waktu seluruh layanan.`,
      );
  });
  if (!stateKeys.has(workflow.initial))
    issue('workflow.initial', 'UNKNOWN_STATE', `Status awal "${workflow.initial}" tidak ada.`);
  const actionKeys = new Set<string>();
  workflow.actions.forEach((action, index) => {
    const at = `workflow.actions.${index}`;
    if (actionKeys.has(`${action.from}:${action.key}`))
      issue(`${at}.key`, 'DUPLICATE_ACTION', `Tindakan "${action.key}" ditulis dua kali pada satu status.`);
    actionKeys.add(`${action.from}:${action.key}`);
    if (!stateKeys.has(action.from))
      issue(
        `${at}.from`,
        'UNKNOWN_STATE',
        `Status "${action.from}" pada tindakan "${action.key}" tidak ada.`,
      );
    if (action.kind === 'lanjut') {
      if (!action.to || !stateKeys.has(action.to))
        issue(`${at}.to`, 'UNKNOWN_STATE', `Tindakan "${action.key}" harus menuju status yang ada.`);
      else if (action.to === action.from)
        issue(`${at}.to`, 'SELF_LOOP', `Tindakan "${action.key}" menuju status yang sama.`);
    } else if (action.to !== undefined) {
      issue(
        `${at}.to`,
        'UNEXPECTED_TARGET',
        `Tindakan "${action.key}" (${action.kind}) tidak menuju status lain.`,
      );
    }
  });
  if (!workflow.actions.some((action) => action.kind === 'terbitkan'))
    issue('workflow.actions', 'NO_ISSUING_ACTION', 'Alur kerja tidak punya tindakan akhir "terbitkan".');
  if (issues.length > 0) return issues;

  const next = new Map<string, string[]>();
  for (const action of workflow.actions) {
    if (action.kind === 'lanjut' && action.to)
      next.set(action.from, [...(next.get(action.from) ?? []), action.to]);
  }
  const reachable = new Set<string>([workflow.initial]);
  const queue = [workflow.initial];
  while (queue.length > 0) {
    for (const to of next.get(queue.shift()!) ?? []) {
      if (!reachable.has(to)) {
        reachable.add(to);
        queue.push(to);
      }
    }
  }
  // States from which the issuing action can be reached: walk backwards from its sources.
  const previous = new Map<string, string[]>();
  for (const [from, targets] of next)
    for (const to of targets) previous.set(to, [...(previous.get(to) ?? []), from]);
  const finishing = new Set(
    workflow.actions.filter((action) => action.kind === 'terbitkan').map((a) => a.from),
  );
  const backQueue = [...finishing];
  while (backQueue.length > 0) {
    for (const from of previous.get(backQueue.shift()!) ?? []) {
      if (!finishing.has(from)) {
        finishing.add(from);
        backQueue.push(from);
      }
    }
  }
  workflow.states.forEach((state, index) => {
    const at = `workflow.states.${index}`;
    if (!reachable.has(state.key))
      issue(at, 'UNREACHABLE_STATE', `Status "${state.key}" tidak dapat dicapai dari status awal.`);
    else if (!workflow.actions.some((action) => action.from === state.key))
      issue(at, 'DEAD_STATE', `Status "${state.key}" tidak punya tindakan keluar.`);
    else if (!finishing.has(state.key))
      issue(at, 'NO_PATH_TO_END', `Dari status "${state.key}" hasil layanan tidak pernah dapat diterbitkan.`);
  });
  return issues;
}

/** Actions open in a state. */
export function actionsFrom(workflow: Workflow, state: string): WorkflowAction[] {
  return workflow.actions.filter((action) => action.from === state);
}

export function stateOf(workflow: Workflow, key: string) {
  return workflow.states.find((state) => state.key === key);
}
