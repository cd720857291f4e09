/* malloc's live test workload: waits for a line on stdin, then makes N mallocs of S bytes in hold_blocks() and frees the first M.
   It uses no stdio (stdio allocates its buffers with malloc), so every malloc after the line is one of the N. */
#include <stdlib.h>
#include <unistd.h>

static void *blocks[100000];

__attribute__((noinline)) void *hold_blocks(size_t size) {
  void *p = malloc(size);
  __asm__ volatile("" ::: "memory");
  return p;
}

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  int n = atoi(argv[1]), m = atoi(argv[2]);
  size_t size = (size_t)atoi(argv[3]);
  char go;
  if (n > 100000 || m > n || read(0, &go, 1) != 1) return 2;
  for (int i = 0; i < n; i++) blocks[i] = hold_blocks(size);
  for (int i = 0; i < m; i++) free(blocks[i]);
  write(1, "done\n", 5);
  /* Alive past a report, so that its stacks are named while its memory map is there; then it exits holding N - M blocks. */
  usleep((useconds_t)atoi(argv[4]) * 1000);
  return 0;
}
