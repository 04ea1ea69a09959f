/**
 * The one place a use case sends what a user wrote through the content check (WeChat's msgSecCheck on both
 * runtimes when WeChat is configured; the word list on a server without WeChat): report texts, urge messages,
 * extension and return reasons, decision notes, names of people, units and aliases. WeChat requires a filtering
 * mechanism for everything others read. `risky` is refused with CONTENT_REJECTED naming the field; `review`
 * passes and is returned, so a use case can flag it for a person (submitReport records `contentFlagged`). A check that cannot be
 * made refuses the text (the adapters throw "try again later").
 */
import { contentRejected } from '../errors';
import type { ContentVerdict } from '../ports/contentCheck';
import type { Context } from './runtime';
import { foldForCheck } from '../text/clean';

/** The text with only spaces and case set aside: what every check already looks through. */
function plainForm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** `what` names the field as the user knows it (「催办内容」); empty or missing texts are not asked about. */
export async function requireCleanText(
  ctx: Pick<Context, 'rt' | 'caller'> & { user?: { principal: string } | null },
  what: string,
  text: string | null | undefined,
): Promise<Exclude<ContentVerdict, 'risky'>> {
  if (!text || !text.trim()) return 'pass';
  const principal = ctx.caller.principal ?? ctx.user?.principal ?? '';
  let verdict = await ctx.rt.contentCheck.checkText(text, principal);
  // A second opinion on the folded form (core/text/clean.ts) when it differs beyond spaces and case
  // (punctuation, tags, full-width or traditional characters between the letters of a word): the worst counts.
  const folded = foldForCheck(text);
  if (verdict !== 'risky' && folded !== '' && folded !== plainForm(text)) {
    const second = await ctx.rt.contentCheck.checkText(folded, principal);
    if (second !== 'pass') verdict = second;
  }
  if (verdict === 'risky') throw contentRejected(what);
  return verdict;
}

/** Several fields in turn (the first refused one is named). */
export async function requireCleanTexts(
  ctx: Parameters<typeof requireCleanText>[0],
  texts: Array<[what: string, text: string | null | undefined]>,
): Promise<void> {
  for (const [what, text] of texts) await requireCleanText(ctx, what, text);
}
