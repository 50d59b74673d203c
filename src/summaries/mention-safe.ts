// Model output is untrusted text that ends up in Discord messages: it must never ping anyone.

const ZWSP = '\u200b';

/**
 * Neutralises `@everyone`, `@here` and `<@id>`, `<@!id>`, `<@&id>` mentions by putting a zero-width space
 * after the `@`, so Discord shows them as text and never resolves them. Idempotent.
 * (Replies should also send `allowedMentions: { parse: [] }`; this is the second lock on the door.)
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=everyone|here)/gi, `@${ZWSP}`).replace(/<@(?=[!&]?\d)/g, `<@${ZWSP}`);
}
