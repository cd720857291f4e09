/* The storm's workload: opens and closes one file for a number of seconds, as fast as it can or at a given rate, then prints how many opens it made. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_for(double seconds) {
  struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
  nanosleep(&ts, NULL);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s SECONDS RATE PATH (RATE: opens per second, 0 for as fast as it can)\n", argv[0]);
    return 2;
  }
  double seconds = atof(argv[1]);
  double rate = atof(argv[2]);
  const char *path = argv[3];
  /* The clock is read once a batch (it costs about as much as an open); at a set rate, a batch is a millisecond's opens. */
  long batch = rate <= 0 || rate >= 256000 ? 256 : rate >= 1000 ? (long)(rate / 1000) : 1;
  long opens = 0, failed = 0;
  double start = now(), end = start + seconds, t = start;
  while (t < end) {
    for (long i = 0; i < batch; i++) {
      int fd = open(path, O_RDONLY);
      if (fd < 0) failed++;
      else close(fd);
    }
    opens += batch;
    t = now();
    if (rate > 0 && start + opens / rate > t) {
      sleep_for(start + opens / rate - t);
      t = now();
    }
  }
  printf("%ld %ld %.6f\n", opens, failed, t - start);
  return 0;
}
