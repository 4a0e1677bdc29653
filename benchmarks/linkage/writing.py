"""The Linkage section of docs/benchmarks.md."""

from __future__ import annotations

from typing import Any

F1_AIM = 0.98
RATIO_AIM = 1.5
PATH_SECONDS_AIM = 180
PATH_PEAK_AIM_MB = 4096


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def section(
    results: list[tuple[dict[str, Any], dict[str, Any] | None]],
    path: dict[str, Any] | None,
    described: dict[str, str],
    running: str,
) -> str:
    lines = [
        "## Linkage: 10,000 to 1,000,000 agency records (`make bench-linkage`)",
        "",
        "Synthetic extracts from children.synthetic (four agencies; about 1.8 records a child; "
        "typos, nicknames, swapped names, changed surnames, moved homes, a swapped day and month, "
        "missing and wrong identifiers, households with siblings and twins), linked in a process "
        "of their own. *Service* is children.linkage (cleaning, nicknames, the NHS-number pass, "
        "Splink, the guards against twins, siblings and wrong numbers); *Splink alone* is the same "
        "comparisons (address and postcode as one home), blocking (each rule a date, place or "
        "number beside any name) and training (EM blocked on names with the date of birth, the "
        "date of birth with the postcode, and the NHS number) on the raw fields, with no nickname "
        "level, clustered without guards. Both at upper threshold 0.99 (review from 0.8). "
        "Precision, recall and F1 are pairwise over pairs of records of one true child; time is "
        "the linkage itself (records already in memory); peak is the process's resident set "
        "(generation included); *one child* is how many of the pairs for review are records of "
        "one true child (the rest a reviewer rejects: namesakes, brothers and sisters).",
        "",
        "| records | linkage | seconds | peak MB | precision | recall | F1 | pairs for review "
        "| one child |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for service, alone in results:
        for label, r in (("Service", service), ("Splink alone", alone)):
            if r is None:
                lines.append(f"| {service['records']:,} | {label} | not measured | | | | | | |")
                continue
            lines.append(
                f"| {r['records']:,} | {label} | {r['seconds']:.1f} | {r['peak_mb']:,.0f} | "
                f"{r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['reviews']:,} "
                f"| {r.get('reviews_one_child', 0):,} |"
            )
    lines.append("")
    for service, alone in results:
        if alone is None:
            lines.append(
                f"- {service['records']:,} records: F1 {service['f1']:.4f} (aim: at least "
                f"{F1_AIM}): {_met(service['f1'] >= F1_AIM)}; Splink alone not measured."
            )
            continue
        ratio = service["seconds"] / alone["seconds"]
        lines.append(
            f"- {service['records']:,} records: F1 {service['f1']:.4f} against Splink alone's "
            f"{alone['f1']:.4f} (aim: at least {F1_AIM}): {_met(service['f1'] >= F1_AIM)}; "
            f"time {ratio:.2f} times Splink alone's (aim: within {RATIO_AIM} at the largest): "
            f"{_met(ratio <= RATIO_AIM)}."
        )
    if path is not None:
        lines += [
            "",
            f"The whole path at {path['records']:,} records, into a fresh SQLite database: "
            "`childtrust import_records` for each agency's file, then `childtrust link` (each its "
            "own process), then the links read back with `childtrust export_links` and scored.",
            "",
            "| step | seconds | peak MB |",
            "| --- | ---: | ---: |",
        ]
        lines += [
            f"| {s['step']} | {s['seconds']:.1f} | {s['peak_mb']:,.0f} |" for s in path["steps"]
        ]
        lines += [
            f"| **import to stored links** | **{path['seconds']:.1f}** "
            f"| **{path['peak_mb']:,.0f}** |",
            "",
            f"- Stored links: precision {path['precision']:.4f}, recall {path['recall']:.4f}, "
            f"F1 {path['f1']:.4f}. `link` said: {' '.join(path['link_output'].split())}",
            f"- Import to stored links {path['seconds']:.0f} s, peak {path['peak_mb']:,.0f} MB "
            f"(aim: under {PATH_SECONDS_AIM} s and {PATH_PEAK_AIM_MB:,} MB): "
            f"{_met(path['seconds'] < PATH_SECONDS_AIM and path['peak_mb'] < PATH_PEAK_AIM_MB)}.",
        ]
        if "keys_seconds" in path:
            lines.append(
                f"- After the links, the new children's search keys (the worker's work after a "
                f"first load; timed as `childtrust search_keys_rebuild`): "
                f"{path['keys_seconds']:.1f} s, peak {path['keys_peak_mb']:,.0f} MB."
            )
    lines += ["", f"Also running on the machine: {running}", "", "Machine:", ""]
    lines += [f"- {key}: {value}" for key, value in described.items()]
    return "\n".join(lines)
