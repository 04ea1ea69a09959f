/** A client request id: a submit retried after a lost answer is recognised by the server and makes one report. */
export function newRequestId(): string {
  const rand = Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
  return `r-${Date.now().toString(36)}-${rand}`;
}
