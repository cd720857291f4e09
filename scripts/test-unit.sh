#!/usr/bin/env bash
# npm run test:unit: the tests that run in-process, with no root and no process of their own: parsers, schemas,
# plans, summary, metrics, reports, types, layers. The rest (the CLI end to end, the launcher, the lab, live tests)
# run in npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p .
mapfile -t files < <(find dist/test -name '*.test.js' ! -name '*.live.test.js' |
  grep -v -E '^dist/test/(cli|labs|lab|run|e2e|dev|xdpcount|bench)/|million|chromium' | sort |
  xargs grep -L -E "node:child_process|fakes\.js|main\.js'|MAIN")
exec node --test --test-concurrency=2 --test-reporter=dot "${files[@]}"
