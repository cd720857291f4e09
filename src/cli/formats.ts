// The output formats of parse, replay and run, without zod: commander's choices (main.ts), the schema (format-option.ts) and parse's options taken without it.
export const formats = ['jsonl', 'table', 'summary', 'xctl'] as const;
