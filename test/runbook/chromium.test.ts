// The HTML report in a real browser: headless Chromium renders it without the network, and its DOM shows the numbers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it, type TestContext } from 'node:test';
import { runRunbook } from '../../src/runbook/execute.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { writeReport } from '../../src/runbook/report-file.js';
import type { EventOf } from '../../src/events/index.js';
import { expectedEvents, recording, replayDir, runbookFile } from './fixtures.js';
import { flameFrames, hotFunction } from './flame-frames.js';
import { readPng } from './png.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromium = CANDIDATES.find((path) => existsSync(path));

/** Chromium's path when it is here; otherwise skips with the reason, or fails when CI=true. */
function chromiumOrSkip(t: TestContext): string | undefined {
  if (chromium !== undefined) return chromium;
  const reason = `no Chromium (looked for ${CANDIDATES.join(', ')}; scripts/setup.sh installs the chromium package)`;
  if (process.env.CI === 'true') assert.fail(`${reason}; CI=true requires this test to run`);
  t.skip(reason);
  return undefined;
}

const work = mkdtempSync(join(tmpdir(), 'pctl-chromium-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs headless Chromium on a page with its own profile and HOME, killed after a minute at most. */
function headless(binary: string, page: string, ...args: string[]) {
  const profile = mkdtempSync(join(work, 'profile-'));
  const result = spawnSync(
    binary,
    ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--window-size=1200,2000', ...args, pathToFileURL(page).href],
    {
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 << 20,
      env: { ...process.env, HOME: profile },
    },
  );
  assert.equal(result.error, undefined, `chromium did not finish: ${result.error}`);
  return result;
}

describe('the HTML report in headless Chromium', () => {
  const recorded = ['tcpretrans', 'tcpdrop', 'tcplife'].flatMap((p) => expectedEvents(recording('runbooks', 'tcp-loss', p)));
  const total = recorded.length;
  const byType = (type: string) => recorded.filter((e) => e.type === type).length;
  const netfilter = recorded.filter((e) => e.type === 'tcp.drop' && e.reason === 'NETFILTER_DROP').length;
  const page = join(work, 'tcp-health.html');

  it('renders to a screenshot that is a real picture', async (t) => {
    const binary = chromiumOrSkip(t);
    if (binary === undefined) return;
    await writeReport(page, await runRunbook(await loadRunbook(runbookFile('tcp-health')), { replay: recording('runbooks', 'tcp-loss') }));
    const png = join(work, 'report.png');
    headless(binary, page, `--screenshot=${png}`);
    assert.ok(existsSync(png), 'no screenshot was written');
    assert.ok(statSync(png).size > 20_000, `the screenshot is only ${statSync(png).size} bytes`);
    const image = readPng(readFileSync(png));
    assert.deepEqual([image.width, image.height], [1200, 2000]);
    assert.ok(image.colours > 50, `the screenshot has ${image.colours} colours: text, badges and a chart need more`);
  });

  it("shows the totals counted from the recordings and each assertion's verdict in its DOM", async (t) => {
    const binary = chromiumOrSkip(t);
    if (binary === undefined) return;
    if (!existsSync(page))
      await writeReport(page, await runRunbook(await loadRunbook(runbookFile('tcp-health')), { replay: recording('runbooks', 'tcp-loss') }));
    const dom = headless(binary, page, '--dump-dom').stdout;
    const shown = (attribute: string) => {
      const m = new RegExp(`${attribute}>([\\d,]+)<`).exec(dom);
      assert.ok(m, `the DOM has no ${attribute}`);
      return Number(m[1]!.replaceAll(',', ''));
    };
    assert.ok(total > 0 && netfilter > 0);
    assert.equal(shown('data-total="events"'), total);
    for (const type of ['tcp.retransmit', 'tcp.drop', 'tcp.session']) assert.equal(shown(`data-total="${type}"`), byType(type), type);
    assert.equal(shown('data-drop-reason="NETFILTER_DROP"'), netfilter);
    const rows = [
      ...dom.matchAll(
        /<tr class="assertion (pass|fail)" data-assertion="([^"]+)" data-passed="(true|false)"[^>]*><td><span class="badge \w+">(PASS|FAIL|ALERT)<\/span>/g,
      ),
    ].map((m) => [m[2], m[3], m[4]]);
    assert.deepEqual(rows, [
      ['retransmits per second', 'true', 'PASS'],
      ['packets the firewall dropped (NETFILTER_DROP)', 'false', 'FAIL'],
    ]);
    assert.match(dom, /<span class="badge fail" id="verdict">FAIL<\/span>/);
    assert.match(dom, /<svg[^>]*aria-label="events per second per type"/);
  });
});

describe("a runbook report's flame graph in headless Chromium", () => {
  const profile = recording('profile', 'probectl');
  const hot = hotFunction(expectedEvents(profile).filter((e): e is EventOf<'profile.stack'> => e.type === 'profile.stack'));
  const page = join(work, 'cpu-hot.html');

  it("draws the hot function's frame, labelled with its name, as wide as its samples", async (t) => {
    const binary = chromiumOrSkip(t);
    if (binary === undefined) return;
    await writeReport(page, await runRunbook(await loadRunbook(runbookFile('cpu-hot')), { replay: replayDir({ profile }) }));
    const png = join(work, 'cpu-hot.png');
    headless(binary, page, `--screenshot=${png}`);
    assert.ok(existsSync(png), 'no screenshot was written');
    assert.ok(readPng(readFileSync(png)).colours > 50);
    const dom = headless(binary, page, '--dump-dom').stdout;
    assert.match(dom, /<div class="flamegraph" data-flamegraph="cpu"><svg /);
    const frames = flameFrames(dom);
    const drawn = frames.filter((f) => f.label === hot.fn);
    assert.equal(drawn.length, 1, `one frame labelled ${hot.fn} in the rendered page`);
    assert.equal(drawn[0]!.weight, hot.samples);
    assert.equal(frames.find((f) => f.name === 'all')?.weight, hot.total);
  });
});
