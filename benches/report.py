"""Writes benches/REPORT.md and benches/report.png from the benchmark's results."""
import datetime
import os
from collections import OrderedDict


def fmt_seconds(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def ratio_text(baseline, median):
    r = baseline / median
    return f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.1f}x slower"


def grouped(results, timing_only):
    groups = OrderedDict()
    for row in results:
        if (row["timing"] != "memory") == timing_only:
            groups.setdefault(row["group"], []).append(row)
    return groups


def timing_tables(results, extra):
    lines = []
    for group, rows in grouped(results, True).items():
        base = next((r for r in rows if r["baseline"] and "summary" in r), None)
        throughput = group.startswith("parse")
        lines += [f"### {group}", ""]
        head = "| contender | timing | median | min | max | vs baseline |" + (" MB/s |" if throughput else " same bytes |")
        lines += [head, "|" + "---|" * (head.count("|") - 1)]
        for r in rows:
            name = r["name"] + (" **(baseline)**" if r is base else "")
            if "summary" not in r:
                why = r.get("skipped") or "FAILED: " + r.get("error", "?")
                lines.append(f"| {name} | {r['timing']} | {why} | | | | |")
                continue
            s = r["summary"]
            vs = ratio_text(base["summary"]["median"], s["median"]) if base and r is not base else ("1.0x" if r is base else "n/a")
            last = f"{extra['mixed_mb'] / s['median']:.0f}" if throughput else {True: "yes", False: "**NO**"}.get(r.get("same_bytes"), "")
            lines.append(f"| {name} | {r['timing']} | {fmt_seconds(s['median'])} | {fmt_seconds(s['min'])} | {fmt_seconds(s['max'])} | {vs} | {last} |")
        notes = [f"- {r['name']}: {r['note']}" for r in rows if r.get("note")]
        lines += [""] + notes + ([""] if notes else [])
    return lines


def memory_table(results):
    lines = []
    for group, rows in grouped(results, False).items():
        lines += [f"### {group}", "", "| input | peak RSS | vs smallest input |", "|---|---|---|"]
        base = next((r for r in rows if r["baseline"] and "rss_mib" in r), None)
        for r in rows:
            if "rss_mib" in r:
                vs = f"{r['rss_mib'] / base['rss_mib']:.2f}x" if base else ""
                lines.append(f"| {r['name']} | {r['rss_mib']:.1f} MiB | {vs} |")
            else:
                lines.append(f"| {r['name']} | FAILED: {r.get('error')} | |")
        lines.append("")
    return lines


def criterion_table(rows):
    lines = ["Median and 95% interval from criterion (benches/micro), in-process Rust, no I/O.", "",
             "| benchmark | median | interval | throughput |", "|---|---|---|---|"]
    for r in rows:
        speed = f"{r['bytes'] / (r['median_ns'] / 1e9) / 2**20:.0f} MiB/s" if r["bytes"] else ""
        lines.append(f"| {r['name']} | {fmt_ns(r['median_ns'])} | {fmt_ns(r['low_ns'])} .. {fmt_ns(r['high_ns'])} | {speed} |")
    return lines + [""]


def fmt_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def size_table(sizes):
    lines = ["| artifact | raw | gzip -9 |", "|---|---|---|"]
    for name, size in sizes:
        lines.append(f"| {name} | {size[0] / 1024:.0f} KiB | {size[1] / 1024:.0f} KiB |" if size else f"| {name} | not built | |")
    return lines


def chart(root, results):
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = [(g, [r for r in rows if "summary" in r]) for g, rows in grouped(results, True).items()]
    groups = [(g, rows) for g, rows in groups if rows]
    fig, axes = plt.subplots(len(groups), 1, figsize=(10, 2.2 + sum(len(r) for _, r in groups) * 0.42), squeeze=False)
    for ax, (group, rows) in zip(axes[:, 0], groups):
        names = [r["name"] for r in rows][::-1]
        medians = [r["summary"]["median"] for r in rows][::-1]
        colors = ["#888888" if r["baseline"] else ("#d9534f" if "csv-kernels" in r["name"] or "csv_kernels" in r["name"] or "firstN" in r["name"] or "process_csv" in r["name"] else "#5b8def") for r in rows][::-1]
        ax.barh(names, medians, color=colors)
        ax.set_xscale("log")
        # Only the decade labels: minor-tick labels on a log axis collide.
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_title(group, loc="left", fontsize=10)
        ax.set_xlabel("median seconds (log scale; shorter is faster)", fontsize=8)
        ax.tick_params(labelsize=8)
        for y, m in enumerate(medians):
            ax.text(m, y, " " + fmt_seconds(m), va="center", fontsize=7)
    fig.tight_layout()
    path = os.path.join(root, "benches", "report.png")
    fig.savefig(path, dpi=110)
    return path


def write(root, results, sizes, machine, quick, elapsed, extra):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# csv-kernels benchmark report",
        "",
        f"Generated by `npm run bench{' -- --quick' if quick else ''}` on {now} in {elapsed:.0f} s"
        f"{' (quick mode: smaller inputs, 3 runs each)' if quick else ' (5 runs each)'}.",
        "Every number is a median of repeated runs on the same generated files; ratios are to the",
        "group's baseline measured in the same run. \"same bytes\" compares a contender's output",
        "with the baseline's output. \"process\" timings include start-up; \"in-process\" timings",
        "exclude interpreter start-up and imports.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines += ["", "## Speed", ""] + timing_tables(results, extra)
    lines += ["## Rust micro-benchmarks", ""] + criterion_table(extra["criterion"])
    lines += ["## Memory", ""] + memory_table(results)
    lines += ["## Artifact sizes", ""] + size_table(sizes)
    lines += ["", "![chart](report.png)", "",
              "Chart colours: grey is each group's baseline, red is csv-kernels, blue the peers.", ""]
    try:
        chart(root, results)
    except Exception as e:  # noqa: BLE001 - the tables matter more than the picture
        lines.append(f"(chart not drawn: {e})")
    path = os.path.join(root, "benches", "REPORT.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path
