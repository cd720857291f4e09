import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { sanitisedValue, userLabels } from '../../src/metrics/labels.js';
import { checkLabelsUnused, labelsSchema, listenAddressSchema, metricsSettings, pushUrlSchema } from '../../src/metrics/options.js';
import { takenLabelProblem } from '../../src/metrics/taken-labels.js';

describe('--metrics HOST:PORT', () => {
  it('takes an IPv4 address, a name, a bracketed IPv6 address, and port 0 for any free port', () => {
    assert.deepEqual(listenAddressSchema.parse('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(listenAddressSchema.parse('localhost:0'), { host: 'localhost', port: 0 });
    assert.deepEqual(listenAddressSchema.parse('[::1]:65535'), { host: '::1', port: 65535 });
  });

  it('refuses anything else, saying what it wants', () => {
    for (const bad of ['127.0.0.1', ':9464', '127.0.0.1:', '127.0.0.1:65536', '::1:9464', '[zz]:80', 'host:port', 'a b:1', 'http://x:1']) {
      const result = listenAddressSchema.safeParse(bad);
      assert.equal(result.success, false, bad);
      assert.match(result.error!.issues[0]!.message, /must be HOST:PORT/, bad);
    }
  });
});

describe('--push URL', () => {
  it('takes http and https URLs as given', () => {
    assert.equal(
      pushUrlSchema.parse('http://127.0.0.1:8428/api/v1/import/prometheus?extra_label=a=b').href,
      'http://127.0.0.1:8428/api/v1/import/prometheus?extra_label=a=b',
    );
    assert.equal(pushUrlSchema.parse('https://pg:9091/metrics/job/probectl/instance/vm').pathname, '/metrics/job/probectl/instance/vm');
  });

  it('refuses other schemes and text that is no URL', () => {
    for (const bad of ['ftp://x/', 'localhost:8428', '', 'http//x']) assert.equal(pushUrlSchema.safeParse(bad).success, false, bad);
  });
});

describe('--label NAME=VALUE', () => {
  it('follows Prometheus label name rules and keeps the value after the first =', () => {
    assert.deepEqual(userLabels(['cluster=test', '_x9=a=b', 'Zone=eu west']), { labels: { cluster: 'test', _x9: 'a=b', Zone: 'eu west' } });
  });

  for (const [items, problem] of [
    [['cluster'], /is not NAME=VALUE/],
    [['9lives=1'], /not a Prometheus label name/],
    [['clus-ter=1'], /not a Prometheus label name/],
    [['=1'], /not a Prometheus label name/],
    [['__name__=x'], /reserved by Prometheus/],
    [['a='], /empty value/],
    [['a=1', 'a=2'], /given twice/],
    [['constructor=1', 'constructor=2'], /given twice/],
  ] as const) {
    it(`refuses ${JSON.stringify(items)}`, () => {
      const result = userLabels(items);
      assert.ok('problem' in result, JSON.stringify(result));
      assert.match(result.problem, problem);
    });
  }

  it('turns control characters in values into _', () => {
    assert.equal(sanitisedValue('a\nb\tc\u0000d\u007f\u0085é "q" \\'), 'a_b_c_d__é "q" \\');
    assert.deepEqual(userLabels(['note=line1\nline2']), { labels: { note: 'line1_line2' } });
  });

  it('reports a problem as an issue on --label, for the usage error', () => {
    const result = labelsSchema.safeParse(['bad-name=1']);
    assert.equal(result.success, false);
    assert.deepEqual(result.error!.issues[0]!.path, []);
  });
});

describe("--label of a name probectl's metrics use", () => {
  for (const name of ['probe', 'le', 'type', 'quantile', 'reason'])
    it(`refuses ${name}=x, naming it`, async () => {
      assert.match(takenLabelProblem({ cluster: 'a', [name]: 'x' }) ?? '', new RegExp(`^"${name}" is a label probectl's metrics already use \\(`));
      await assert.rejects(
        checkLabelsUnused({ [name]: 'x' }),
        (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && e.message.startsWith(`invalid option: --label "${name}"`),
      );
    });

  it('takes names none of them use', async () => {
    assert.equal(takenLabelProblem({ cluster: 'a', zone: 'b' }), undefined);
    await checkLabelsUnused({ cluster: 'a' });
    await checkLabelsUnused({});
  });
});

describe('metricsSettings', () => {
  const none = { label: {} };
  it('is undefined when neither --metrics nor --push is given', () => assert.equal(metricsSettings(none), undefined));

  it('defaults the push interval to 10 s', () => {
    assert.equal(metricsSettings({ ...none, push: new URL('http://x/') })!.push!.intervalMs, 10_000);
    assert.equal(metricsSettings({ ...none, push: new URL('http://x/'), pushInterval: 1 })!.push!.intervalMs, 1000);
  });

  it('refuses --push-interval without --push, and --label without --metrics or --push', () => {
    assert.throws(
      () => metricsSettings({ ...none, metrics: { host: '127.0.0.1', port: 0 }, pushInterval: 1 }),
      (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && /--push-interval needs --push/.test(e.message),
    );
    assert.throws(
      () => metricsSettings({ label: { a: 'b' } }),
      (e: unknown) => e instanceof ProbectlError && /--label needs --metrics/.test(e.message),
    );
  });
});

describe('--metrics-names xtrace and XTrace-Catch variables', () => {
  const base = { label: {} };
  it('pushes where VICTORIAMETRICS_REMOTE_WRITE says when VICTORIAMETRICS_ENABLED is true, with COLLECT_AGG as collect_agg', () => {
    const settings = metricsSettings(
      { ...base, metricsNames: 'xtrace' },
      { VICTORIAMETRICS_ENABLED: 'true', VICTORIAMETRICS_REMOTE_WRITE: 'http://vm:8428/api/v1/write', COLLECT_AGG: 'cluster-01' },
    );
    assert.equal(settings?.push?.url.href, 'http://vm:8428/api/v1/write');
    assert.deepEqual(settings?.naming, { scheme: 'xtrace', collectAgg: 'cluster-01' });
  });

  it('takes XTrace-Catch\'s defaults: its text import URL, and collect_agg "default"', () => {
    const settings = metricsSettings({ ...base, metricsNames: 'xtrace' }, { VICTORIAMETRICS_ENABLED: 'TRUE' });
    assert.equal(settings?.push?.url.href, 'http://localhost:8428/api/v1/import/prometheus');
    assert.deepEqual(settings?.naming, { scheme: 'xtrace', collectAgg: 'default' });
  });

  it('--push wins over the variables; without --metrics-names xtrace they are not read', () => {
    const env = { VICTORIAMETRICS_ENABLED: 'true', VICTORIAMETRICS_REMOTE_WRITE: 'http://vm:8428/api/v1/write' };
    const push = new URL('http://other:8428/api/v1/write');
    assert.equal(metricsSettings({ ...base, metricsNames: 'xtrace', push }, env)?.push?.url, push);
    assert.equal(metricsSettings(base, env), undefined);
    const served = { ...base, metricsNames: 'xtrace' as const, metrics: { host: '127.0.0.1', port: 0 } };
    assert.equal(metricsSettings(served, { ...env, VICTORIAMETRICS_ENABLED: 'false' })?.push, undefined);
  });

  it('refuses a bad VICTORIAMETRICS_REMOTE_WRITE, --metrics-names with nothing to name, and --spool without --push', () => {
    assert.throws(
      () => metricsSettings({ ...base, metricsNames: 'xtrace' }, { VICTORIAMETRICS_ENABLED: 'true', VICTORIAMETRICS_REMOTE_WRITE: 'vm:8428' }),
      (e: ProbectlError) => e.code === 'USAGE' && /^VICTORIAMETRICS_REMOTE_WRITE must be an http/.test(e.message),
    );
    assert.throws(() => metricsSettings({ ...base, metricsNames: 'xtrace' }, {}), /--metrics-names needs --metrics HOST:PORT or --push URL/);
    assert.throws(() => metricsSettings({ ...base, spool: '/tmp/x' }, {}), /--spool needs --push URL/);
  });
});
