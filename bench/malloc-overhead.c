/* What the malloc probe costs a traced process: waits for a line on stdin, then times N malloc(64)+free pairs and prints the process's CPU time per pair.
   Run it once untraced and once under `probectl run malloc --pid` (docs/performance.md, "The malloc probe's cost"). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  char go;
  if (read(0, &go, 1) != 1) return 2;
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  for (long i = 0; i < n; i++) {
    void *volatile p = malloc(64);
    free(p);
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
  /* CPU time counts the uprobe handlers, which run in the process's context, and not the time others' work took the CPU. */
  double cpu = (cb.tv_sec - ca.tv_sec) * 1e9 + (cb.tv_nsec - ca.tv_nsec);
  printf("%ld pairs: %.1f ms elapsed, %.1f ms CPU: %.1f ns CPU per malloc+free\n", n, ns / 1e6, cpu / 1e6, cpu / n);
  return 0;
}
