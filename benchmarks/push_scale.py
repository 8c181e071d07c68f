"""What `mskg push` costs before it sends a byte, on grown graphs: its one-graph dump against a plain per-graph dump.

Run: `python -m benchmarks.push_scale [--sizes 100k,1M,5M]` (about 3 minutes for the default sizes).

``mskg push`` sends the store's graph as one N-Triples file, each triple once: :func:`mskg.outputs.publish.dump_store`
merges the store's named graphs into a temporary on-disk store (so that a triple two graphs hold is sent once, and
the graph is never held in memory), then writes it. The baseline is what a push did before: each named graph
dumped straight from the store into the same file, one after another, a triple held by two graphs written twice.

For each size the generator (``benchmarks/generate.py``) grows a graph of mskg's shape, ``mskg load`` puts it in a
store, and each dump runs in a fresh process, so that its peak memory is its own. Ours also reports the most disk
its temporary store took. It prints a Markdown table with the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.generate import generate, sizes
from benchmarks.scale import Process, machine, worker

#: This script, as its workers are started (``python -m``; ``__name__`` is ``__main__`` when it runs).
MODULE = "benchmarks.push_scale"
#: How often the temporary folder's size is sampled while the dump runs.
SAMPLE_SECONDS = 0.05


def folder_bytes(folder: Path) -> int:
    """The bytes of the files under ``folder`` now (``os.walk`` skips a folder removed while it is walked)."""
    total = 0
    for parent, _folders, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(FileNotFoundError):  # removed since it was listed
                total += os.stat(os.path.join(parent, name)).st_size
    return total


def worker_ours(store: Path, out: Path) -> dict[str, Any]:
    """``mskg push``'s dump, with its temporary store in a folder of its own whose largest size is sampled."""
    from mskg.outputs.publish import dump_store

    scratch = Path(tempfile.mkdtemp(prefix="mskg-push-bench-"))
    before, tempfile.tempdir = tempfile.tempdir, str(scratch)  # where union_of_graphs makes its temporary store
    largest = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal largest
        while not done.wait(SAMPLE_SECONDS):
            largest = max(largest, folder_bytes(scratch))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        started = time.perf_counter()
        size = dump_store(store, out)
        seconds = time.perf_counter() - started
    finally:
        done.set()
        sampler.join()
        tempfile.tempdir = before
    scratch.rmdir()  # empty again: the temporary store is gone
    return {"seconds": seconds, "bytes": size, "lines": _lines(out), "temporary": largest, "peak_mb": own_peak_mb()}


def worker_baseline(store: Path, out: Path) -> dict[str, Any]:
    """Each named graph of the store dumped as N-Triples into one file, in turn, straight from the store."""
    opened = ox.Store.read_only(str(store))
    started = time.perf_counter()
    with out.open("wb") as handle:
        for graph in opened.named_graphs():
            opened.dump(handle, ox.RdfFormat.N_TRIPLES, from_graph=graph)
    seconds = time.perf_counter() - started
    size = out.stat().st_size
    return {"seconds": seconds, "bytes": size, "lines": _lines(out), "temporary": 0, "peak_mb": own_peak_mb()}


def own_peak_mb() -> float:
    """The peak resident memory of the running process since it started its program (``VmHWM``), in MB.

    Not ``ru_maxrss``: on Linux that keeps the parent's resident memory at the fork, so a small dump started by a
    benchmark that holds a grown graph reports the benchmark's memory, not its own.
    """
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def _lines(file: Path) -> int:
    with file.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


@dataclass(frozen=True)
class SizeResult:
    """One grown graph: its quads, and each dump's process."""

    quads: int
    ours: Process
    baseline: Process


def measure_size(work: Path, target: int) -> SizeResult:
    """Grow a graph of ``target`` triples, load it, and time both dumps of its store."""
    from mskg.engine.bulk import load_files

    graph = work / f"graph-{target}.nq"
    generate(target, graph)
    loaded = load_files(work / f"store-{target}", [graph])
    ours = worker("ours", str(loaded.store), str(work / f"ours-{target}.nt"), module=MODULE)
    baseline = worker("baseline", str(loaded.store), str(work / f"baseline-{target}.nt"), module=MODULE)
    for name in ("ours", "baseline"):
        (work / f"{name}-{target}.nt").unlink()
    return SizeResult(loaded.quads, ours, baseline)


def _mb(value: float) -> str:
    return f"{value / 1_000_000:,.0f} MB"


def table(results: list[SizeResult]) -> str:
    """The Markdown table: each dump's time, lines, peak memory and temporary disk, and ours against the baseline.

    >>> def run(seconds: float, lines: int, temporary: int) -> Process:
    ...     report = {"seconds": seconds, "lines": lines, "temporary": temporary, "peak_mb": 80.0}
    ...     return Process(seconds, 0.0, report)
    >>> print(table([SizeResult(1000, run(0.3, 900, 2_000_000), run(0.1, 1000, 0))]).splitlines()[-1])
    | 1,000 | 0.30 s | 0.10 s | 3.0x slower | 900 | 1,000 (100 twice) | 80 MB | 80 MB | 2 MB |
    """
    lines = [
        f"Measured: {machine()}.",
        "",
        "| quads in the store | ours: `dump_store` | baseline: per-graph dump | ours vs baseline "
        "| lines ours | lines baseline | peak ours | peak baseline | temporary disk ours |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ours, base = result.ours.report, result.baseline.report
        ratio = base["seconds"] / ours["seconds"] if ours["seconds"] else float("inf")
        speed = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"
        repeated = base["lines"] - ours["lines"]
        twice = f" ({repeated:,} twice)" if repeated else ""
        lines.append(
            f"| {result.quads:,} | {ours['seconds']:.2f} s | {base['seconds']:.2f} s | {speed} "
            f"| {ours['lines']:,} | {base['lines']:,}{twice} | {ours['peak_mb']:,.0f} MB "
            f"| {base['peak_mb']:,.0f} MB | {_mb(ours['temporary'])} |"
        )
    return "\n".join(lines)


def _run_worker(argv: list[str]) -> int:
    kind, report, store, out = argv
    workers = {"ours": worker_ours, "baseline": worker_baseline}
    if kind not in workers:
        raise SystemExit(f"unknown worker {kind}")
    Path(report).write_text(json.dumps(workers[kind](Path(store), Path(out))), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return _run_worker(argv[1:])
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M,5M", help="graph sizes in triples (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="keep the generated files and stores in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mskg-push-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for target in sizes(args.sizes):
            print(f"{target:,} triples", file=sys.stderr)
            results.append(measure_size(work, target))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
