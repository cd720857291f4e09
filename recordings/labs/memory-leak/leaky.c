/* leaky: waits for a line on stdin, then serves N requests. Each one parses its text in a scratch buffer of 256 bytes,
   freed at once, and remembers a session of S bytes; then M sessions end (are freed) and the others are forgotten.
   No stdio before the end: stdio allocates its buffers with malloc, and every malloc here is one of the program's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCRATCH_BYTES 256

static void *sessions[100000];
static char *volatile parsing; /* volatile: the compiler may not drop a malloc that is freed unused */

__attribute__((noinline)) void parse_request(int i) {
  parsing = malloc(SCRATCH_BYTES);
  memset(parsing, i, SCRATCH_BYTES);
  free(parsing);
}

__attribute__((noinline)) void *remember_session(size_t bytes) {
  void *session = malloc(bytes);
  memset(session, 0, bytes);
  return session;
}

__attribute__((noinline)) void handle_request(int i, size_t bytes) {
  parse_request(i);
  sessions[i] = remember_session(bytes);
}

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  int n = atoi(argv[1]), m = atoi(argv[2]);
  size_t bytes = (size_t)atoi(argv[3]);
  char line[8];
  if (n > 100000 || m > n || read(0, line, sizeof line) < 1) return 2;
  for (int i = 0; i < n; i++) handle_request(i, bytes);
  for (int i = 0; i < m; i++) free(sessions[i]);
  char said[160];
  int length = snprintf(said, sizeof said, "%d requests: %d scratch buffers of %d bytes, all freed; %d sessions of %zu bytes, %d freed\n", n, n,
                        SCRATCH_BYTES, n, bytes, m);
  write(1, said, length);
  sleep(2);
  return 0;
}
