import { describe, expect, it } from 'vitest';
import { aktaKelahiranService } from './akta-kelahiran.ts';
import { type Workflow, Workflow as WorkflowSchema } from './catalog.contracts.ts';
import { validateWorkflow } from './catalog.workflow.ts';

const sample = (): Workflow => WorkflowSchema.parse(aktaKelahiranService().workflow);
const codes = (workflow: Workflow) => validateWorkflow(workflow).map((issue) => issue.code);

describe('workflow validation before publishing', () => {
  it('accepts the two-step birth-certificate workflow', () => {
    expect(validateWorkflow(sample())).toEqual([]);
  });

  it('refuses a workflow without a final issuing action', () => {
    const workflow = sample();
    workflow.actions = workflow.actions.filter((action) => action.kind !== 'terbitkan');
    expect(codes(workflow)).toContain('NO_ISSUING_ACTION');
  });

  it('refuses a state no action leads to', () => {
    const workflow = sample();
    workflow.states.push({ key: 'lupa', label: { id: 'Terlupa' }, workingDays: 1 });
    workflow.actions.push({
      key: 'terbitkan',
      label: { id: 'Terbitkan' },
      from: 'lupa',
      kind: 'terbitkan',
      role: 'penghubung',
    });
    expect(codes(workflow)).toEqual(['UNREACHABLE_STATE']);
  });

  it('refuses a dead state (no way out)', () => {
    const workflow = sample();
    workflow.states.push({ key: 'buntu', label: { id: 'Buntu' }, workingDays: 1 });
    workflow.actions.push({
      key: 'ke-buntu',
      label: { id: 'Ke buntu' },
      from: 'verifikasi',
      kind: 'lanjut',
      to: 'buntu',
      role: 'penghubung',
    });
    expect(codes(workflow)).toEqual(['DEAD_STATE']);
  });

  it('refuses a loop from which the result can never be issued', () => {
    const workflow = sample();
    workflow.states.push(
      { key: 'a', label: { id: 'A' }, workingDays: 1 },
      { key: 'b', label: { id: 'B' }, workingDays: 1 },
    );
    workflow.actions.push(
      { key: 'ke-a', label: { id: 'A' }, from: 'verifikasi', kind: 'lanjut', to: 'a', role: 'penghubung' },
      { key: 'ke-b', label: { id: 'B' }, from: 'a', kind: 'lanjut', to: 'b', role: 'penghubung' },
      { key: 'ke-a', label: { id: 'A' }, from: 'b', kind: 'lanjut', to: 'a', role: 'penghubung' },
    );
    expect(codes(workflow)).toEqual(['NO_PATH_TO_END', 'NO_PATH_TO_END']);
  });

  it('refuses unknown states, a missing target and a step longer than the whole service', () => {
    const workflow = sample();
    workflow.initial = 'tidak-ada';
    expect(codes(workflow)).toContain('UNKNOWN_STATE');
    const noTarget = sample();
    delete noTarget.actions[0]!.to;
    expect(codes(noTarget)).toEqual(['UNKNOWN_STATE']);
    const long = sample();
    long.states[0]!.workingDays = 30;
    expect(codes(long)).toEqual(['STATE_LONGER_THAN_SERVICE']);
    const duplicate = sample();
    duplicate.states.push({ ...duplicate.states[0]! });
    expect(codes(duplicate)).toContain('DUPLICATE_STATE');
  });
});
