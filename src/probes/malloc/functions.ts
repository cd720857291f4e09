// The allocator functions the malloc probe traces, as a list without zod: the parser needs it, and a parse that checks no events loads no zod.

export const allocatorFunctions = ['malloc', 'calloc', 'realloc', 'free', 'aligned_alloc', 'memalign', 'posix_memalign', 'valloc', 'pvalloc'] as const;
export type AllocatorFunction = (typeof allocatorFunctions)[number];
