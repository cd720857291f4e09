// A probe that brings out the losses bpftrace's perf ring buffers hold back.
//
// The kernel writes a ring buffer's lost-record only with the next sample that fits on that CPU, so the loss at the end
// of a burst stays unreported until another event comes, perhaps never: bpftrace alone, stopped while a process opened
// a file 5,000 times, printed 992 events and no loss until one more open brought `Lost 4010 events`
// (docs/performance.md, "bpftrace's ring buffers sized to the host").

/** Appended to the programs that print each event: once a second on every CPU, an empty printf, which prints nothing. */
export const LOSS_FLUSH_PROBE = `
// Once a second on every CPU, a sample that prints nothing: a loss the kernel holds back comes out with it.
profile:hz:1
{
	printf("");
}
`;
