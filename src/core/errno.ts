// Names of the errno values syscalls commonly fail with, as numbered on Linux (the kernel ABI, asm-generic/errno-base.h and errno.h).

const NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  4: 'EINTR',
  5: 'EIO',
  6: 'ENXIO',
  9: 'EBADF',
  11: 'EAGAIN',
  12: 'ENOMEM',
  13: 'EACCES',
  14: 'EFAULT',
  16: 'EBUSY',
  17: 'EEXIST',
  19: 'ENODEV',
  20: 'ENOTDIR',
  21: 'EISDIR',
  22: 'EINVAL',
  23: 'ENFILE',
  24: 'EMFILE',
  26: 'ETXTBSY',
  27: 'EFBIG',
  28: 'ENOSPC',
  30: 'EROFS',
  36: 'ENAMETOOLONG',
  40: 'ELOOP',
  75: 'EOVERFLOW',
  95: 'EOPNOTSUPP',
  110: 'ETIMEDOUT',
  116: 'ESTALE',
  122: 'EDQUOT',
};

/** "ENOENT" for 2; the number as text where this table does not know it. */
export function errnoName(errno: number): string {
  return NAMES[errno] ?? String(errno);
}
