"""console.py -- the web console's figures (it prints; it never judges):

  - the built bundle: JavaScript and CSS, raw and gzipped (the target is at
    most 200 KB of gzipped JavaScript);
  - the time to the first render of the queue with 50 items in headless
    Chromium (Debian's), from navigation to the 50th row on screen, for a
    signed-in auditor: cold (a new browser context) and warm (cached
    assets), median and worst of BENCH_CONSOLE_RUNS (10).
"""

import gzip
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import api  # noqa: E402
from stack import Stack  # noqa: E402

RUNS = int(os.environ.get("BENCH_CONSOLE_RUNS", "10"))
ITEMS = 50


def bundle(built):
    sizes = {"js": [0, 0], "css": [0, 0]}
    assets = os.path.join(built, "assets")
    for name in os.listdir(assets):
        kind = name.rsplit(".", 1)[-1]
        if kind in sizes:
            with open(os.path.join(assets, name), "rb") as f:
                data = f.read()
            sizes[kind][0] += len(data)
            sizes[kind][1] += len(gzip.compress(data, 9))
    print("bundle (console/, vite build):")
    for kind, (raw, gz) in sizes.items():
        print(f"  {kind:4} {raw / 1024:7.1f} KB raw  {gz / 1024:6.1f} KB gzip")


def main():
    built = os.environ.get("SMARTBANK_CONSOLE") or subprocess.run(
        [os.path.join(ROOT, "scripts", "console"), "build"], check=True,
        capture_output=True, text=True).stdout.strip()
    bundle(built)
    with tempfile.TemporaryDirectory(prefix="smartbank-bench-") as d:
        s = Stack(d)
        try:
            _, aud = api.auditor(s)
            for _ in range(ITEMS):
                _, auth = api.customer(s)
                r = s.post("/kyc/upload", headers=auth, json=api.document())
                assert r.status_code == 200, r.text
            env = dict(os.environ, BASE=s.url, TOKEN=aud["Authorization"][len("Bearer "):],
                       ROWS=str(ITEMS), RUNS=str(RUNS),
                       CONSOLE_TESTS=os.path.join(ROOT, "tests", "console"))
            r = subprocess.run(["node", os.path.join(HERE, "console-render.mjs")], env=env,
                               capture_output=True, text=True, timeout=600)
            assert r.returncode == 0, r.stderr[-3000:]
            t = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"queue with {ITEMS} items, navigation to the last row on screen "
                  f"({t['runs']} runs, headless Chromium):")
            print(f"  cold (new context)   median {t['cold_median_ms']:6.0f} ms   worst {t['cold_max_ms']:6.0f} ms")
            print(f"  warm (cached assets) median {t['warm_median_ms']:6.0f} ms   worst {t['warm_max_ms']:6.0f} ms")
        finally:
            s.close()


if __name__ == "__main__":
    main()
