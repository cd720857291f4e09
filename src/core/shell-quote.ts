// Quoting for the remote shell: every word single-quoted, so nothing in it is expanded there.

/** One word for sh: 'it'\''s' for it's. */
export const shellQuote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/** Words for sh, each quoted, joined by spaces. */
export const shellWords = (words: readonly string[]): string => words.map(shellQuote).join(' ');
