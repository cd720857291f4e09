// Real output of bpftrace v0.17.0 (run as root), captured for these tests. Each program ran
// twice, once as text and once with -f json; stack addresses differ between the two runs.

/** BEGIN { printf("hello %d\n", 3); printf("a\nb\n"); printf("no newline "); printf("end\n"); printf("\n"); @a[1,"x y"]=count(); @=count(); @n=-5; @str="hello"; @e=""; @t=(1,"a"); @rec[1]=(1,(2,"x")); @h=hist(0); @h=hist(-5); @h=hist(5); @h=hist(3000); @hk["b c",2]=hist(1000); @hk["d",3]=hist(1); @l=lhist(5,0,100,10); @l=lhist(-3,0,100,10); @l=lhist(500,0,100,10); @lz=lhist(3,0,10,1); zero(@lz); @s=stats(10); @sk[1]=stats(4); @sk[2]=stats(-4); @avg=avg(7); @ak["x"]=avg(3); @x[-1]=1; print(5); print("s"); print((1,2)); exit() } */
export const EQ_TEXT =
  [
    'Attaching 1 probe...',
    'hello 3',
    'a',
    'b',
    'no newline end',
    '',
    '5',
    's',
    '(1, 2)',
    '',
    '',
    '@: 1',
    '@a[1, x y]: 1',
    '@ak[x]: 3',
    '',
    '@avg: 7',
    '',
    '@e: ',
    '@h: ',
    '(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[1]                    0 |                                                    |',
    '[2, 4)                 0 |                                                    |',
    '[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[8, 16)                0 |                                                    |',
    '[16, 32)               0 |                                                    |',
    '[32, 64)               0 |                                                    |',
    '[64, 128)              0 |                                                    |',
    '[128, 256)             0 |                                                    |',
    '[256, 512)             0 |                                                    |',
    '[512, 1K)              0 |                                                    |',
    '[1K, 2K)               0 |                                                    |',
    '[2K, 4K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@hk[b c, 2]: ',
    '[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@hk[d, 3]: ',
    '[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@l: ',
    '(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[10, 20)               0 |                                                    |',
    '[20, 30)               0 |                                                    |',
    '[30, 40)               0 |                                                    |',
    '[40, 50)               0 |                                                    |',
    '[50, 60)               0 |                                                    |',
    '[60, 70)               0 |                                                    |',
    '[70, 80)               0 |                                                    |',
    '[80, 90)               0 |                                                    |',
    '[90, 100)              0 |                                                    |',
    '[100, ...)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@lz: ',
    '',
    '@n: -5',
    '@rec[1]: (1, (2, x))',
    '@s: count 1, average 10, total 10',
    '',
    '@sk[2]: count 1, average -4, total -4',
    '@sk[1]: count 1, average 4, total 4',
    '',
    '@str: hello',
    '@t: (1, a)',
    '@x[-1]: 1',
  ].join('\n') + '\n';

/** The same program with -f json. */
export const EQ_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '{"type": "printf", "data": "hello 3\\n"}',
    '{"type": "printf", "data": "a\\nb\\n"}',
    '{"type": "printf", "data": "no newline "}',
    '{"type": "printf", "data": "end\\n"}',
    '{"type": "printf", "data": "\\n"}',
    '{"type": "value", "data": 5}',
    '{"type": "value", "data": "s"}',
    '{"type": "value", "data": [1,2]}',
    '',
    '',
    '{"type": "map", "data": {"@": 1}}',
    '{"type": "map", "data": {"@a": {"1,x y": 1}}}',
    '{"type": "stats", "data": {"@ak": {"x": 3}}}',
    '{"type": "stats", "data": {"@avg": 7}}',
    '{"type": "map", "data": {"@e": ""}}',
    '{"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, {"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 0}, {"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 1}, {"min": 8, "max": 15, "count": 0}, {"min": 16, "max": 31, "count": 0}, {"min": 32, "max": 63, "count": 0}, {"min": 64, "max": 127, "count": 0}, {"min": 128, "max": 255, "count": 0}, {"min": 256, "max": 511, "count": 0}, {"min": 512, "max": 1023, "count": 0}, {"min": 1024, "max": 2047, "count": 0}, {"min": 2048, "max": 4095, "count": 1}]}}',
    '{"type": "hist", "data": {"@hk": {"b c,2": [{"min": 512, "max": 1023, "count": 1}], "d,3": [{"min": 1, "max": 1, "count": 1}]}}}',
    '{"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 9, "count": 1}, {"min": 10, "max": 19, "count": 0}, {"min": 20, "max": 29, "count": 0}, {"min": 30, "max": 39, "count": 0}, {"min": 40, "max": 49, "count": 0}, {"min": 50, "max": 59, "count": 0}, {"min": 60, "max": 69, "count": 0}, {"min": 70, "max": 79, "count": 0}, {"min": 80, "max": 89, "count": 0}, {"min": 90, "max": 99, "count": 0}, {"min": 100, "count": 1}]}}',
    '{"type": "hist", "data": {"@lz": []}}',
    '{"type": "map", "data": {"@n": -5}}',
    '{"type": "map", "data": {"@rec": {"1": [1,[2,"x"]]}}}',
    '{"type": "stats", "data": {"@s": {"count": 1, "average": 10, "total": 10}}}',
    '{"type": "stats", "data": {"@sk": {"2": {"count": 1, "average": -4, "total": -4}, "1": {"count": 1, "average": 4, "total": 4}}}}',
    '{"type": "map", "data": {"@str": "hello"}}',
    '{"type": "map", "data": {"@t": [1,"a"]}}',
    '{"type": "map", "data": {"@x": {"-1": 1}}}',
  ].join('\n') + '\n';

/** BEGIN { @k[comm, kstack]=count(); @v=kstack; @w[1]=kstack(3); @us[ustack(2)]=count(); @kp[kstack(perf,2)]=count(); exit() } */
export const STACKS_TEXT =
  [
    'Attaching 1 probe...',
    '',
    '',
    '@k[bpftrace, ',
    '    _einittext+1015206663',
    '    __bpf_prog_test_run_raw_tp+106',
    '    bpf_prog_test_run_raw_tp+279',
    '    __sys_bpf+2593',
    '    __x64_sys_bpf+29',
    '    do_syscall_64+113',
    '    entry_SYSCALL_64_after_hwframe+118',
    ']: 1',
    '@kp[',
    '\tffffffffc0025d92 _einittext+1015207042',
    '\tffffffff81f081aa __bpf_prog_test_run_raw_tp+106',
    ']: 1',
    '@us[',
    '    syscall+25',
    '    0x7ffd66361028',
    ']: 1',
    '@v: ',
    '        _einittext+1015206790',
    '        __bpf_prog_test_run_raw_tp+106',
    '        bpf_prog_test_run_raw_tp+279',
    '        __sys_bpf+2593',
    '        __x64_sys_bpf+29',
    '        do_syscall_64+113',
    '        entry_SYSCALL_64_after_hwframe+118',
    '',
    '@w[1]: ',
    '        _einittext+1015206849',
    '        __bpf_prog_test_run_raw_tp+106',
    '        bpf_prog_test_run_raw_tp+279',
    '',
  ].join('\n') + '\n';

/** The same program with -f json. */
export const STACKS_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '',
    '',
    '{"type": "map", "data": {"@k": {"bpftrace,\\n    _einittext+1015206631\\n    __bpf_prog_test_run_raw_tp+106\\n    bpf_prog_test_run_raw_tp+279\\n    __sys_bpf+2593\\n    __x64_sys_bpf+29\\n    do_syscall_64+113\\n    entry_SYSCALL_64_after_hwframe+118\\n": 1}}}',
    '{"type": "map", "data": {"@kp": {"\\n\\tffffffffc0025d72 _einittext+1015207010\\n\\tffffffff81f081aa __bpf_prog_test_run_raw_tp+106\\n": 1}}}',
    '{"type": "map", "data": {"@us": {"\\n    syscall+25\\n    0x7fff60475dc8\\n": 1}}}',
    '{"type": "map", "data": {"@v": "\\n        _einittext+1015206758\\n        __bpf_prog_test_run_raw_tp+106\\n        bpf_prog_test_run_raw_tp+279\\n        __sys_bpf+2593\\n        __x64_sys_bpf+29\\n        do_syscall_64+113\\n        entry_SYSCALL_64_after_hwframe+118\\n"}}',
    '{"type": "map", "data": {"@w": {"1": "\\n        _einittext+1015206817\\n        __bpf_prog_test_run_raw_tp+106\\n        bpf_prog_test_run_raw_tp+279\\n"}}}',
  ].join('\n') + '\n';

/** BEGIN { @two[kstack(2), ustack(2)]=count(); @hk[kstack(2)]=hist(3); @sk[kstack(1)]=stats(3); @e=""; @z=hist(3); zero(@z); @lz=lhist(3,0,10,1); zero(@lz); exit() } */
export const TWO_TEXT =
  [
    'Attaching 1 probe...',
    '',
    '',
    '@e: ',
    '@hk[',
    '    _einittext+1015206736',
    '    __bpf_prog_test_run_raw_tp+106',
    ']: ',
    '[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@lz: ',
    '',
    '@sk[',
    '    _einittext+1015206995',
    ']: count 0, average 0, total 3',
    '@sk[',
    '    _einittext+1015206861',
    ']: count 1, average 0, total 0',
    '',
    '@two[',
    '    _einittext+1015206564',
    '    __bpf_prog_test_run_raw_tp+106',
    ', ',
    '    syscall+25',
    '    0x7ffcc12daa38',
    ']: 1',
    '@z: ',
    '',
  ].join('\n') + '\n';

/** The same program with -f json. */
export const TWO_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '',
    '',
    '{"type": "map", "data": {"@e": ""}}',
    '{"type": "hist", "data": {"@hk": {"\\n    _einittext+1015206736\\n    __bpf_prog_test_run_raw_tp+106\\n": [{"min": 2, "max": 3, "count": 1}]}}}',
    '{"type": "hist", "data": {"@lz": []}}',
    '{"type": "stats", "data": {"@sk": {"\\n    _einittext+1015206995\\n": {"count": 0, "average": 0, "total": 3}, "\\n    _einittext+1015206861\\n": {"count": 1, "average": 0, "total": 0}}}}',
    '{"type": "map", "data": {"@two": {"\\n    _einittext+1015206564\\n    __bpf_prog_test_run_raw_tp+106\\n,\\n    syscall+25\\n    0x7ffe3909aee8\\n": 1}}}',
    '{"type": "hist", "data": {"@z": []}}',
  ].join('\n') + '\n';

/** BEGIN { @s[1]=ksym(1); @s[2]=ksym(2); @l=lhist(5000, 0, 10240, 1024); @l=lhist(0, 0, 10240, 1024); @big=lhist(3000000, 0, 4194304, 1048576); @r = 18446744073709551615; @i = -9223372036854775807; printf("%s", "[1, 2)   3 |@@|\n"); @rec[1] = (1, (2, "x")); exit() } */
export const LH_TEXT =
  [
    'Attaching 1 probe...',
    '[1, 2)   3 |@@|',
    '',
    '',
    '@big: ',
    '[2M, 3M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@i: -9223372036854775807',
    '@l: ',
    '[0, 1K)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[1K, 2K)               0 |                                                    |',
    '[2K, 3K)               0 |                                                    |',
    '[3K, 4K)               0 |                                                    |',
    '[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
    '@r: -1',
    '@rec[1]: (1, (2, x))',
    '@s[1]: 0x1@s[2]: 0x2',
  ].join('\n') + '\n';

/** The same program with -f json. */
export const LH_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '{"type": "printf", "data": "[1, 2)   3 |@@|\\n"}',
    '',
    '',
    '{"type": "hist", "data": {"@big": [{"min": 2097152, "max": 3145727, "count": 1}]}}',
    '{"type": "map", "data": {"@i": -9223372036854775807}}',
    '{"type": "hist", "data": {"@l": [{"min": 0, "max": 1023, "count": 1}, {"min": 1024, "max": 2047, "count": 0}, {"min": 2048, "max": 3071, "count": 0}, {"min": 3072, "max": 4095, "count": 0}, {"min": 4096, "max": 5119, "count": 1}]}}',
    '{"type": "map", "data": {"@r": -1}}',
    '{"type": "map", "data": {"@rec": {"1": [1,[2,"x"]]}}}',
    '{"type": "map", "data": {"@s": {"1": "0x1", "2": "0x2"}}}',
  ].join('\n') + '\n';

/** BEGIN { @h=hist(0); @h=hist(-5); @h=hist(1); @h=hist(2); @h=hist(3000); @h=hist(5000000); @h=hist(1<<40); exit() } */
export const H0_TEXT =
  [
    'Attaching 1 probe...',
    '',
    '',
    '@h: ',
    '(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[4, 8)                 0 |                                                    |',
    '[8, 16)                0 |                                                    |',
    '[16, 32)               0 |                                                    |',
    '[32, 64)               0 |                                                    |',
    '[64, 128)              0 |                                                    |',
    '[128, 256)             0 |                                                    |',
    '[256, 512)             0 |                                                    |',
    '[512, 1K)              0 |                                                    |',
    '[1K, 2K)               0 |                                                    |',
    '[2K, 4K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[4K, 8K)               0 |                                                    |',
    '[8K, 16K)              0 |                                                    |',
    '[16K, 32K)             0 |                                                    |',
    '[32K, 64K)             0 |                                                    |',
    '[64K, 128K)            0 |                                                    |',
    '[128K, 256K)           0 |                                                    |',
    '[256K, 512K)           0 |                                                    |',
    '[512K, 1M)             0 |                                                    |',
    '[1M, 2M)               0 |                                                    |',
    '[2M, 4M)               0 |                                                    |',
    '[4M, 8M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '[8M, 16M)              0 |                                                    |',
    '[16M, 32M)             0 |                                                    |',
    '[32M, 64M)             0 |                                                    |',
    '[64M, 128M)            0 |                                                    |',
    '[128M, 256M)           0 |                                                    |',
    '[256M, 512M)           0 |                                                    |',
    '[512M, 1G)             0 |                                                    |',
    '[1G, 2G)               0 |                                                    |',
    '[2G, 4G)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
  ].join('\n') + '\n';

/** BEGIN { @h=hist(1073741825); @h=hist(2147483649); @h=hist(4294967297); @h=hist(8589934593); @h=hist(17179869185); exit() } */
export const BIG_TEXT =
  [
    'Attaching 1 probe...',
    '',
    '',
    '@h: ',
    '[1G, 2G)               1 |@@@@@@@@@@@@@                                       |',
    '[2G, 4G)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    '',
  ].join('\n') + '\n';

/** The same program with -f json: 0.17 prints its last bucket (2^31 and up) with overflowed bounds. */
export const BIG_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '',
    '',
    '{"type": "hist", "data": {"@h": [{"min": 1073741824, "max": 2147483647, "count": 1}, {"min": -2147483648, "max": 0, "count": 4}]}}',
  ].join('\n') + '\n';

/** bpftrace -kk -e 'BEGIN { $x = *(uint64*)8; printf("%d\n", $x); @m[1]=$x; exit() }' */
export const HELPER_TEXT =
  [
    'Attaching 1 probe...',
    'stdin:1:14-15: WARNING: Failed to probe_read: Bad address (-14)',
    'BEGIN { $x = *(uint64*)8; printf("%d\\n", $x); @m[1]=$x; exit() }',
    '             ~',
    '0',
    '',
    '',
    '@m[1]: 0',
  ].join('\n') + '\n';

/** The same program with -f json. */
export const HELPER_JSON =
  [
    '{"type": "attached_probes", "data": {"probes": 1}}',
    '{"type": "helper_error", "helper": "probe_read", "retcode": -14, "line": 1, "col": 14}',
    '{"type": "printf", "data": "0\\n"}',
    '',
    '',
    '{"type": "map", "data": {"@m": {"1": 0}}}',
  ].join('\n') + '\n';

/** bpftrace --unsafe -e 'BEGIN { system("echo hi there; echo two"); cat("/etc/hostname"); exit() }' */
export const SYS_TEXT = ['Attaching 1 probe...', 'hi there', 'two', 'vm', '', ''].join('\n') + '\n';

/** The same program with -f json. */
export const SYS_JSON =
  ['{"type": "attached_probes", "data": {"probes": 1}}', '{"type": "syscall", "data": "hi there\\ntwo\\n"}', '{"type": "cat", "data": "vm\\n"}', '', ''].join(
    '\n',
  ) + '\n';

/** stderr of BEGIN { @=count(); @[1,2]=sum(-3); exit() } (a semantic error; nothing on stdout). */
export const ERR_STDERR =
  [
    'ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace. If your program is not loading, you can try "ulimit -l 8192" to fix the problem',
    "stdin:1:20-26: ERROR: Type mismatch for @: trying to assign value of type 'sum' when map already contains a value of type 'count",
    'BEGIN { @=count(); @[1,2]=sum(-3); exit() }',
    '                   ~~~~~~',
  ].join('\n') + '\n';
