import { MESSAGE_KINDS, type MessageKind } from './model';
import {
  MAX_TEMPLATES_PER_REQUEST,
  SUBSCRIBE_AT,
  SUBSCRIBE_MOMENTS,
  kindsWithoutTap,
  subscribeTemplateIds,
  templatesByKind,
} from './subscribe';

const ALL: Partial<Record<MessageKind, string>> = Object.fromEntries(
  MESSAGE_KINDS.map((k) => [k, `T-${k.toUpperCase()}`]),
);
const settingsOf = (kinds: readonly MessageKind[]) => ({
  templates: Object.fromEntries(kinds.map((k) => [k, { templateId: `T-${k.toUpperCase()}`, fields: [] }])),
});

describe('subscriptions spread over the taps', () => {
  it('no tap asks for more than WeChat allows, and every kind has a tap where it matters', () => {
    for (const kinds of Object.values(SUBSCRIBE_AT))
      expect(kinds.length).toBeLessThanOrEqual(MAX_TEMPLATES_PER_REQUEST);
    expect(new Set(Object.values(SUBSCRIBE_AT).flat())).toEqual(new Set(MESSAGE_KINDS));
    expect(kindsWithoutTap(settingsOf(MESSAGE_KINDS))).toEqual([]);
  });

  it('each tap asks for its own kinds, at most 3 ids', () => {
    expect(subscribeTemplateIds('report', ALL, {}, false)).toEqual(['T-RETURNED', 'T-ACCEPTED', 'T-PERIODIC']);
    expect(subscribeTemplateIds('extension', ALL, {}, false)).toEqual(['T-DUE', 'T-OVERDUE', 'T-EXTENSION']);
    expect(subscribeTemplateIds('acknowledge', ALL, {}, false)).toEqual(['T-DUE', 'T-OVERDUE', 'T-URGE']);
    expect(subscribeTemplateIds('noChange', ALL, {}, false)).toEqual(['T-URGE', 'T-PERIODIC', 'T-INSTRUCTION']);
    for (const m of SUBSCRIBE_MOMENTS) expect(subscribeTemplateIds(m, ALL, {}, false).length).toBeLessThanOrEqual(3);
  });

  it('leaves out kinds without a template and asks once for a template shared by two kinds', () => {
    const shared = { due: 'T-REMIND', overdue: 'T-REMIND', urge: 'T-URGE' };
    expect(subscribeTemplateIds('acknowledge', shared, {}, false)).toEqual(['T-REMIND', 'T-URGE']);
    expect(subscribeTemplateIds('report', shared, {}, false)).toEqual([]);
    expect(templatesByKind({ templates: { due: { templateId: '  ', fields: [] } } })).toEqual({});
  });

  it('the 我的 page offers the kinds with the fewest credits first, so repeated taps reach every kind', () => {
    const credits: Record<string, number> = {};
    const asked = new Set<string>();
    const taps = Math.ceil(MESSAGE_KINDS.length / 3);
    for (let tap = 0; tap < taps; tap++) {
      const ids = subscribeTemplateIds('me', ALL, credits, false);
      expect(ids).toHaveLength(3);
      for (const id of ids) {
        asked.add(id);
        credits[id] = (credits[id] ?? 0) + 1;
      }
    }
    expect(asked.size).toBe(MESSAGE_KINDS.length);
  });

  it('long-term templates: only those the official has not accepted yet', () => {
    const credits = { 'T-RETURNED': 1 };
    expect(subscribeTemplateIds('report', ALL, credits, true)).toEqual(['T-ACCEPTED', 'T-PERIODIC']);
    expect(subscribeTemplateIds('report', ALL, { ...credits, 'T-ACCEPTED': 1, 'T-PERIODIC': 1 }, true)).toEqual([]);
  });

  it('warns about configured kinds no tap asks for', () => {
    const at = { report: ['returned', 'accepted'] as MessageKind[] };
    expect(kindsWithoutTap(settingsOf(['returned', 'urge', 'periodic']), at)).toEqual(['urge', 'periodic']);
    expect(kindsWithoutTap(settingsOf(['returned']), at)).toEqual([]);
  });
});
