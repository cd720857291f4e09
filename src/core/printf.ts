// The two printf paddings the tools' headers use, to rebuild their exact header lines.

/** Like printf("%-Ns"): left-aligned, padded on the right, never truncated. */
export const left = (text: string, width: number): string => (text.length >= width ? text : text + ' '.repeat(width - text.length));

/** Like printf("%Ns"): right-aligned, padded on the left, never truncated. */
export const right = (text: string, width: number): string => (text.length >= width ? text : ' '.repeat(width - text.length) + text);
