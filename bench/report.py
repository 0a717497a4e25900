"""Merge the benchmark JSON files into one report, with a summary of what a user
feels at 250 plans (one table, every figure from this run), printed as Markdown too."""
import json
import sys
from pathlib import Path

CLASSES = (("1", "1 character"), ("2", "2 characters"), ("3-8", "3-8 characters"), ("common", "common terms"))
# the groups: every query of the mix by the length typed (common terms counted by theirs)
BY_LENGTH = (("1-2", "all queries of 1-2 characters"), ("3+", "all queries of 3+ characters"))


def trio(f: dict | None) -> str:
    return f"{f['p50_ms']} / {f['p95_ms']} / {f['max_ms']} ms" if f else "–"


def scale_key(part: dict) -> str | None:
    return next((k for k in part if k.endswith("x") and k != "1x" and isinstance(part[k], dict)), None)


def summary(report: dict) -> tuple[dict, list[str]]:
    s, lines = {}, ["| at the scale corpus | p50 / p95 / max | ratio p50 / p95 to FTS5 |", "|---|---|---|"]
    search = report.get("search", {})
    big = scale_key(search)
    if big:
        for cls, label in CLASSES:
            row = search[big]["classes"].get(cls)
            if not row:
                continue
            s[f"search_{cls}"] = row
            r1, r2 = row["plandesk_to_fts5"], row["cli_to_fts5"]
            lines += [f"| {label}: in process | {trio(row['plandesk'])} | {r1['p50_ms']} / {r1['p95_ms']} |",
                      f"| {label}: `plandesk search -` | {trio(row['cli'])} | {r2['p50_ms']} / {r2['p95_ms']} |",
                      f"| {label}: FTS5 {'LIKE' if cls in ('1', '2') else 'trigram'} | {trio(row['fts5'])} | |"]
        for group, label in BY_LENGTH:
            row = search[big].get("by_length", {}).get(group)
            if row:
                s[f"search_length_{group}"] = row
                r1, r2 = row["plandesk_to_fts5"], row["cli_to_fts5"]
                lines += [f"| {label}: in process | {trio(row['plandesk'])} | {r1['p50_ms']} / {r1['p95_ms']} |",
                          f"| {label}: `plandesk search -` | {trio(row['cli'])} | {r2['p50_ms']} / {r2['p95_ms']} |"]
        idle = search[big].get("idle_collections")
        if idle:
            s["idle_collections"] = idle
            lines.append(f"| garbage collection between searches (the window's timer; not in the figures above) | "
                         f"{idle['n']} passes in {idle['queries']} queries, p50 {idle['p50_ms']} / "
                         f"max {idle['max_ms']} ms | |")
        first = search.get(f"first_search_{big}")
        if first:
            s["first_search"] = first
            lines.append(f"| first search after start: engine open + search / whole CLI process | "
                         f"{first['open_plus_first_search_s']} s / {first['cli_start_to_first_answer_s']} s | |")
    start = report.get("startup", {})
    keys = next((v for k, v in start.items() if k.startswith("keystroke_to_results")), None)
    if keys:
        s["keystroke"] = keys["classes"]
        for cls, label in CLASSES:
            k = keys["classes"].get(cls)
            if k:
                lines.append(f"| keystroke to results, {label} (incl. {keys['debounce_ms']} ms debounce) | "
                             f"median {k['median_ms']} / max {k['max_ms']} ms (n={k['n']}) | |")
        lines.append(f"| window peak RSS (VmHWM, after the typing) | {keys['peak_rss_mib']} MiB | |")
    lib = report.get("build", {}).get("library")
    if lib:
        s["library"] = lib
        lines += [f"| store build / index build ({lib['plans']} plans) | {lib['store_build_s']} s / "
                  f"{lib['index_build_s']} s | |",
                  f"| index build workers' peak RSS | {lib['index_worker_peak_rss_mib']} MiB | |"]
    imp = report.get("import", {})
    big = scale_key(imp)
    if big:
        i = imp[big]
        s["import"] = {k: v for k, v in i.items() if k.startswith(("import_", "cli_"))}
        lines.append(f"| import one plan incl. index (text / docx / pdf; `plandesk import` docx) | "
                     f"{i['import_text_s']['median']} / {i['import_docx_s']['median']} / "
                     f"{i['import_pdf_s']['median']} s; {i['cli_import_docx_s']} s | |")
    load = search.get("load_before")
    if load:
        lines.append(f"\nload average before the search bench: {load[0]:.2f} ({search.get('cpus')} CPUs)")
    return s, lines


def main():
    args = sys.argv[1:]
    out = Path(args[args.index("--out") + 1])
    parts = [a for a in args if a.endswith(".json") and a != str(out)]
    report = {Path(p).stem: json.loads(Path(p).read_text()) for p in parts if Path(p).exists()}
    report["summary"], lines = summary(report)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
