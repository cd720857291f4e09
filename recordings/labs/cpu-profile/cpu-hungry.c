/* cpu-hungry: waits for a line on stdin, then spins in crunch_numbers() for 2 s of CPU time and in tidy_up() for 1 s,
   says how much CPU time each had, and lives 2 s more. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long sink;

double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

__attribute__((noinline)) double crunch_numbers(double seconds) {
  double start = cpu_seconds(), now;
  do
    for (int i = 0; i < 100000; i++) sink += i;
  while ((now = cpu_seconds()) - start < seconds);
  return now - start;
}

__attribute__((noinline)) double tidy_up(double seconds) {
  double start = cpu_seconds(), now;
  do
    for (int i = 0; i < 100000; i++) sink -= i;
  while ((now = cpu_seconds()) - start < seconds);
  return now - start;
}

int main(void) {
  char line[8];
  if (fgets(line, sizeof line, stdin) == NULL) return 2;
  double crunched = crunch_numbers(2.0);
  double tidied = tidy_up(1.0);
  printf("crunch_numbers %.3f\ntidy_up %.3f\n", crunched, tidied);
  fflush(stdout);
  sleep(2);
  return 0;
}
