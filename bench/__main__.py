"""``python -m bench [--quick] [--out DIR]``: run the benchmark, write JSON and markdown."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import markdown, run

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small counts for CI (well under a minute)")
    parser.add_argument("--out", type=Path, default=None,
                        help="directory for <name>.json and <name>.md "
                             "(default: bench/results, name latest or quick)")
    args = parser.parse_args(argv)
    result = run(quick=args.quick, progress=lambda text: print(f"bench: {text}...",
                                                               file=sys.stderr, flush=True))
    text = markdown(result)
    out = args.out or RESULTS
    out.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "latest"
    (out / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    (out / f"{name}.md").write_text(text)
    print(text)
    print(f"bench: wrote {out / name}.json and .md ({result['seconds']} s)", file=sys.stderr)
    v = result["verdict"]
    # Timings never fail the run: only a hang, a lost count or a leak do.
    return 0 if v["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
