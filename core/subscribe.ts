/**
 * Which subscription each tap asks WeChat for: the one home of it. WeChat shows one popup per tap with at most 3
 * template ids (`requestSubscribeMessage`), and in one-time mode each acceptance is one message, so each kind is
 * asked for at the tap where it matters (the report's answer when the report goes in, the decision when an
 * extension is requested), and the 我的 page offers the rest. The server (the `me` view), the app's taps and the
 * settings page's warning all read this file.
 */
import type { Frozen } from './frozen';
import { MESSAGE_KINDS, type MessageKind, type Settings } from './model';

/** WeChat's limit of template ids in one `requestSubscribeMessage`. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

/** How useful a subscription to each kind is, most useful first (the order within a tap, and on the 我的 page). */
export const SUBSCRIBE_RANK: Record<MessageKind, number> = {
  due: 0,
  overdue: 1,
  urge: 2,
  returned: 3,
  accepted: 4,
  extension: 5,
  periodic: 6,
  instruction: 7,
  claimReview: 8,
  extensionReview: 9,
};
export const SUBSCRIBE_ORDER: readonly MessageKind[] = [...MESSAGE_KINDS].sort(
  (a, b) => SUBSCRIBE_RANK[a] - SUBSCRIBE_RANK[b],
);

/** The taps that ask for subscriptions. `me` is the 我的 page's 订阅提醒 button, which offers every kind. */
export const SUBSCRIBE_MOMENTS = ['acknowledge', 'report', 'extension', 'review', 'me', 'noChange'] as const;
export type SubscribeMoment = (typeof SUBSCRIBE_MOMENTS)[number];
export type SubscribeTap = Exclude<SubscribeMoment, 'me'>;

/**
 * The kinds each tap asks for (at most 3 each). A kind in no list is asked for only on the 我的 page, and the
 * settings page warns about it (the reviewer's page will ask for review kinds once they exist).
 */
export const SUBSCRIBE_AT: Record<SubscribeTap, readonly MessageKind[]> = {
  // 签收: the reminders of the task taken on, from now on.
  acknowledge: ['due', 'overdue', 'urge'],
  // 提交进展: the answer to this report, and the next periodic report day.
  report: ['returned', 'accepted', 'periodic'],
  // 申请延期: the decision, and the reminders of the new due date.
  extension: ['extension', 'due', 'overdue'],
  // 本期无新进展 (one tap on the list): the next period's reminder, a leader's 批示, an urge.
  noChange: ['periodic', 'instruction', 'urge'],
  // 审核 (the reviewer's own pages: the review queue, the inbox): the next claims and requests to decide.
  review: ['claimReview', 'extensionReview'],
};

/** The template id of each configured kind (kinds without a template are left out). */
export function templatesByKind(settings: Frozen<Pick<Settings, 'templates'>>): Partial<Record<MessageKind, string>> {
  const out: Partial<Record<MessageKind, string>> = {};
  for (const kind of MESSAGE_KINDS) {
    const id = settings.templates[kind]?.templateId?.trim();
    if (id) out[kind] = id;
  }
  return out;
}

/**
 * The template ids to ask for at a tap, at most 3. One-time templates: the tap's kinds in rank order (on the 我的
 * page, the ones with the fewest credits first, so that repeated taps reach every kind). Long-term templates need
 * one acceptance per official, so only those not yet accepted.
 */
export function subscribeTemplateIds(
  moment: SubscribeMoment,
  templates: Partial<Record<MessageKind, string>>,
  credits: Record<string, number>,
  longTerm: boolean,
): string[] {
  const kinds = [...(moment === 'me' ? SUBSCRIBE_ORDER : SUBSCRIBE_AT[moment])].sort(
    (a, b) => SUBSCRIBE_RANK[a] - SUBSCRIBE_RANK[b],
  );
  let ids: string[] = [];
  for (const kind of kinds) {
    const id = templates[kind];
    if (id && !ids.includes(id)) ids.push(id);
  }
  if (longTerm) ids = ids.filter((id) => !((credits[id] ?? 0) > 0));
  else if (moment === 'me') ids = [...ids].sort((a, b) => (credits[a] ?? 0) - (credits[b] ?? 0));
  return ids.slice(0, MAX_TEMPLATES_PER_REQUEST);
}

/**
 * The configured kinds no tap asks for (only the 我的 page does): in one-time mode their messages go out only
 * while an official keeps subscribing there by hand. Empty when every configured kind has its tap.
 */
export function kindsWithoutTap(
  settings: Frozen<Pick<Settings, 'templates'>>,
  at: Record<string, readonly MessageKind[]> = SUBSCRIBE_AT,
): MessageKind[] {
  const asked = new Set(Object.values(at).flat());
  const configured = templatesByKind(settings);
  return SUBSCRIBE_ORDER.filter((kind) => configured[kind] && !asked.has(kind));
}
