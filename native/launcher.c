/* launcher.c: the one exec in front of every backend probectl runs: it gives the backend's stdout a large buffer and
 * a parent-death signal, then execs it (the pid stays the backend's).
 *
 * usage: launcher [--pdeathsig SIGNAL] [--parent PID] [--stdout-fifo PATH] [--stdout-buffer BYTES] -- COMMAND [ARG...]
 *        launcher --print-stdout-buffer
 *
 * Why the buffer: a backend writes every event line with its own write() to the socket pair probectl reads (libuv
 * makes a child's stdio 'pipe' an AF_UNIX stream socket). The kernel charges each write to the socket's send buffer
 * at several hundred bytes whatever its length, so the default buffer (net.core.wmem_default, 208 KiB) holds a few
 * hundred lines: the backend blocks in write() as soon as probectl falls a few milliseconds behind, and a blocked
 * backend does not drain its perf buffers, which overflow (docs/performance.md measures it). fd 1 gets
 * SO_SNDBUFFORCE (root, any size) or else SO_SNDBUF (up to net.core.wmem_max) when it is a socket, F_SETPIPE_SZ
 * (with CAP_SYS_RESOURCE: any size; else up to fs.pipe-max-size) when it is a pipe; nothing when it is a file or a terminal. A buffer
 * that cannot be enlarged is left as it is: the backend runs all the same.
 *
 * Why --stdout-fifo: a pipe costs a writer less than a socket. A pipe appends each small write to the page already in
 * it, where a socket allocates and charges a buffer per write: at 35,000-40,000 lines a second bpftrace writing into
 * a large pipe read every 25 ms lost no events, into a large socket about a thousand a 3-second storm
 * (docs/performance.md). libuv gives a child no pipe, so the launcher makes one: it makes a FIFO at PATH, writes
 * "fifo\n" to its stdout (the socket probectl reads) to say so, opens the FIFO for writing (which waits until probectl
 * has opened it for reading), removes PATH, and puts the FIFO on fd 1 in place of the socket, which probectl then sees
 * end. A SIGINT, SIGTERM or SIGHUP before PATH is removed removes it, then ends the launcher as it would have.
 *
 * Why the death signal: PR_SET_PDEATHSIG sends SIGNAL to this process (the backend after the exec) when the thread
 * that forked it ends, as when probectl is SIGKILLed (src/run/death-signal.ts). With --parent, a parent already gone
 * before the prctl (getppid() no longer PID) gets the signal at once instead of never.
 *
 * --print-stdout-buffer writes to stdout what fd 1 is and its buffer size in bytes ("socket 33554432", "pipe 65536",
 * "other 0"), and exits 0: run through a launcher, it shows what the backend gets.
 * Exit codes: 127 when COMMAND cannot be run or the FIFO cannot be made or opened (the error on stderr), 2 on a usage
 * error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int usage(const char *why) {
  fprintf(stderr,
          "launcher: %s\nusage: launcher [--pdeathsig SIGNAL] [--parent PID] [--stdout-fifo PATH] [--stdout-buffer BYTES] -- COMMAND [ARG...]\n"
          "       launcher --print-stdout-buffer\n",
          why);
  return 2;
}

static int signal_number(const char *name) {
  static const struct {
    const char *name;
    int number;
  } known[] = {{"SIGTERM", SIGTERM}, {"SIGINT", SIGINT}, {"SIGHUP", SIGHUP}, {"SIGKILL", SIGKILL}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(name, known[i].name) == 0 || strcmp(name, known[i].name + 3) == 0) return known[i].number;
  return 0;
}

static long positive(const char *text) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  return errno == 0 && *end == '\0' && end != text && value > 0 ? value : 0;
}

/* What fd 1 is and its buffer in bytes: a socket's send buffer (as the kernel accounts it) or a pipe's capacity. */
static const char *stdout_buffer(long *bytes) {
  struct stat st;
  *bytes = 0;
  if (fstat(STDOUT_FILENO, &st) != 0) return "other";
  if (S_ISSOCK(st.st_mode)) {
    int size = 0;
    socklen_t len = sizeof size;
    if (getsockopt(STDOUT_FILENO, SOL_SOCKET, SO_SNDBUF, &size, &len) == 0) *bytes = size;
    return "socket";
  }
  if (S_ISFIFO(st.st_mode)) {
    int size = fcntl(STDOUT_FILENO, F_GETPIPE_SZ);
    if (size > 0) *bytes = size;
    return "pipe";
  }
  return "other";
}

static long pipe_max_size(void) {
  long value = 0;
  FILE *f = fopen("/proc/sys/fs/pipe-max-size", "r");
  if (f == NULL) return 0;
  if (fscanf(f, "%ld", &value) != 1) value = 0;
  fclose(f);
  return value;
}

/* Best effort: a buffer that stays small only costs events under load, never the run. */
static void enlarge_stdout(long bytes) {
  struct stat st;
  if (fstat(STDOUT_FILENO, &st) != 0) return;
  if (S_ISSOCK(st.st_mode)) {
    /* The kernel doubles the value asked (for its bookkeeping) and accounts writes against the doubled figure. */
    int half = bytes / 2 > INT_MAX / 2 ? INT_MAX / 2 : (int)(bytes / 2);
    if (setsockopt(STDOUT_FILENO, SOL_SOCKET, SO_SNDBUFFORCE, &half, sizeof half) != 0)
      (void)setsockopt(STDOUT_FILENO, SOL_SOCKET, SO_SNDBUF, &half, sizeof half); /* capped at wmem_max */
  } else if (S_ISFIFO(st.st_mode)) {
    int size = bytes > INT_MAX ? INT_MAX : (int)bytes;
    if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, size) < 0) {
      long max = pipe_max_size();
      if (max > 0 && max < size) (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, (int)max);
    }
  }
}

/* The FIFO made and not yet removed: a stop signal meanwhile removes it before it ends the launcher as it would have. */
static const char *fifo_made;

static void remove_fifo_and_end(int signal_number) {
  if (fifo_made != NULL) (void)unlink(fifo_made);
  (void)signal(signal_number, SIG_DFL);
  (void)raise(signal_number);
}

/* fd 1 becomes a FIFO made at path, once probectl (told on fd 1 as it was) has opened it for reading; 0, or -1 on error. */
static int stdout_to_fifo(const char *path) {
  static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
  (void)unlink(path); /* a FIFO left by a launcher SIGKILLed between its making and its removal */
  for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) (void)signal(stops[i], remove_fifo_and_end);
  if (mkfifo(path, 0600) != 0) {
    fprintf(stderr, "launcher: cannot make the FIFO %s: %s\n", path, strerror(errno));
    return -1;
  }
  fifo_made = path; /* only once it is ours to remove */
  static const char said[] = "fifo\n";
  if (write(STDOUT_FILENO, said, sizeof said - 1) != (ssize_t)(sizeof said - 1)) {
    fprintf(stderr, "launcher: cannot tell probectl of the FIFO: %s\n", strerror(errno));
    (void)unlink(path);
    return -1;
  }
  int fd = open(path, O_WRONLY | O_CLOEXEC); /* blocks until the reader opens it */
  int opened = errno;
  (void)unlink(path);
  /* The exec resets caught signals to their default; until then a stop signal has nothing left to remove. */
  fifo_made = NULL;
  if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
    fprintf(stderr, "launcher: cannot open the FIFO %s: %s\n", path, strerror(fd < 0 ? opened : errno));
    return -1;
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  int death_signal = 0;
  long parent = 0;
  long buffer = 0;
  const char *fifo = NULL;
  int i = 1;
  if (argc == 2 && strcmp(argv[1], "--print-stdout-buffer") == 0) {
    long bytes;
    const char *kind = stdout_buffer(&bytes);
    printf("%s %ld\n", kind, bytes);
    return fflush(stdout) == 0 ? 0 : 1;
  }
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
    if (strcmp(argv[i], "--pdeathsig") != 0 && strcmp(argv[i], "--parent") != 0 && strcmp(argv[i], "--stdout-buffer") != 0 &&
        strcmp(argv[i], "--stdout-fifo") != 0)
      return usage("unknown option");
    if (i + 1 >= argc) return usage("an option without its value");
    if (strcmp(argv[i], "--pdeathsig") == 0) {
      if ((death_signal = signal_number(argv[i + 1])) == 0) return usage("unknown signal for --pdeathsig");
    } else if (strcmp(argv[i], "--stdout-fifo") == 0) {
      if (*(fifo = argv[i + 1]) == '\0') return usage("--stdout-fifo needs a path");
    } else if (strcmp(argv[i], "--parent") == 0) {
      if ((parent = positive(argv[i + 1])) == 0) return usage("--parent needs a pid");
    } else if ((buffer = positive(argv[i + 1])) == 0) {
      return usage("--stdout-buffer needs a size in bytes");
    }
  }
  if (i + 1 >= argc) return usage("no command after --");
  char **command = argv + i + 1;

  if (death_signal != 0) {
    if (prctl(PR_SET_PDEATHSIG, death_signal) != 0) {
      fprintf(stderr, "launcher: cannot set the parent-death signal: %s\n", strerror(errno));
      return 127;
    }
    if (parent != 0 && getppid() != (pid_t)parent) { /* the parent died before the prctl */
      raise(death_signal);
      return 128 + death_signal;
    }
  }
  /* After the death signal: a launcher waiting for probectl to open the FIFO must not outlive it. */
  if (fifo != NULL && stdout_to_fifo(fifo) != 0) return 127;
  if (buffer > 0) enlarge_stdout(buffer);
  execvp(command[0], command);
  fprintf(stderr, "launcher: cannot run %s: %s\n", command[0], strerror(errno));
  return 127;
}
