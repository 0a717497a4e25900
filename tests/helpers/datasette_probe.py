"""Run by a Datasette environment's own Python (tests.helpers.datasette_envs.probe), not
imported: a Datasette made in-process from a published folder answers URLs, no port.

    python datasette_probe.py --db=plans.sqlite --metadata=metadata.json [--config=datasette.json] < urls.json

prints {"version": …, "responses": [{"status": …, "text": …}, …]} as JSON. Only the
standard library and Datasette are imported: PlanDesk is not installed there.
"""
import asyncio
import json
import sys

import datasette
from datasette.app import Datasette


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


async def answer(files, urls):
    # as `datasette serve DB -m METADATA` (0.65) or `… -c CONFIG -m METADATA` (1.0) makes it
    kw = {"metadata": load(files["metadata"])}
    if "config" in files:
        kw["config"] = load(files["config"])
    ds = Datasette(files=[files["db"]], **kw)
    await ds.invoke_startup()
    out = []
    for url in urls:
        r = await ds.client.get(url)
        out.append({"status": r.status_code, "text": r.text})
    return out


def main():
    files = dict(a[2:].split("=", 1) for a in sys.argv[1:])
    urls = json.load(sys.stdin)
    responses = asyncio.run(answer(files, urls))
    json.dump({"version": datasette.__version__, "responses": responses}, sys.stdout)


if __name__ == "__main__":
    main()
