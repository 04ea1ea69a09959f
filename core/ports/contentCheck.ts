/** WeChat's text security check (msgSecCheck v2) or a local stand-in: what others may read. */
export type ContentVerdict = 'pass' | 'review' | 'risky';

export interface ContentCheck {
  checkText(text: string, principal: string): Promise<ContentVerdict>;
}
