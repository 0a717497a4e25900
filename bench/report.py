"""Merge the benchmark JSON files into one report."""
import json
import sys
from pathlib import Path

args = sys.argv[1:]
out = Path(args[args.index("--out") + 1])
parts = [a for a in args if a.endswith(".json") and a != str(out)]
report = {Path(p).stem: json.loads(Path(p).read_text()) for p in parts if Path(p).exists()}
out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
print(f"wrote {out}")
