// The fentry remedy says what was measured: BTF, the kernel's config and tracefs, never a cause the host disproves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fentryRemedy } from '../../src/host/fentry-remedy.js';
import { parseKernelConfig } from '../../src/host/kernel-config.js';

const config = (text: string) => parseKernelConfig(text);
const full = config('CONFIG_DEBUG_INFO_BTF=y\nCONFIG_FUNCTION_TRACER=y\nCONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y\n# CONFIG_KPROBES is not set\n');

test('reads set options and leaves out those not set', () => {
  assert.equal(full.get('CONFIG_FUNCTION_TRACER'), 'y');
  assert.equal(full.has('CONFIG_KPROBES'), false);
  assert.equal(config('CONFIG_LSM="landlock,lockdown"').get('CONFIG_LSM'), '"landlock,lockdown"');
});

test('on a kernel with BTF and every option fentry needs, blames a security policy, not a missing BTF', () => {
  const remedy = fentryRemedy({ btf: true, config: full, filterFunctionsDenied: true });
  assert.doesNotMatch(remedy, /5\.5|without CONFIG_DEBUG_INFO_BTF|boot a kernel/);
  assert.match(remedy, /^this kernel has BTF, CONFIG_FUNCTION_TRACER and CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, yet refuses fentry programs/);
  assert.match(remedy, /\(and root may not read available_filter_functions\): a security policy \(lockdown or an LSM\) forbids them/);
  assert.match(remedy, /use tracepoint-based backends \(--backend auto picks them\)$/);
  assert.doesNotMatch(fentryRemedy({ btf: true, config: full, filterFunctionsDenied: false }), /available_filter_functions/);
});

test('names exactly the options the config lacks', () => {
  const remedy = fentryRemedy({ btf: true, config: config('CONFIG_DEBUG_INFO_BTF=y\nCONFIG_FUNCTION_TRACER=y\n'), filterFunctionsDenied: false });
  assert.match(remedy, /^this kernel is built without CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, which fentry needs/);
  assert.match(remedy, /or boot a kernel built with CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS$/);
});

test('says BTF is missing only when it is', () => {
  assert.match(fentryRemedy({ btf: false, filterFunctionsDenied: false }), /^this kernel is built without CONFIG_DEBUG_INFO_BTF, which fentry needs/);
  const unknownConfig = fentryRemedy({ btf: true, filterFunctionsDenied: false });
  assert.doesNotMatch(unknownConfig, /without CONFIG_DEBUG_INFO_BTF/);
  assert.match(
    unknownConfig,
    /^this kernel has BTF but refuses fentry programs: either it lacks .* \(its config could not be read to tell\) or a security policy/,
  );
});
