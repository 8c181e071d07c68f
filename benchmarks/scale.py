"""How mskg scales from 10k to millions of triples, against a plain rdflib baseline, on the same files.

Run: `python -m benchmarks.scale [--sizes 10k,100k,1M,5M] [--update-readme]` (about 20 minutes for all sizes, and
9 GB of memory for rdflib at 5M).

For each size the generator (``benchmarks/generate.py``) writes one N-Quads file of mskg's shape. Then, each in a
fresh process so that its peak memory is its own:

- **ours**: ``mskg load`` into a new on-disk store (Oxigraph's bulk loader, in parts side by side), then every
  saved query on that store opened read-only, as ``mskg query`` runs it (parameters resolved from their labels);
- **pyoxigraph**: Oxigraph's own ``Store.load`` of the file into memory (the limit the loader approaches);
- **rdflib** (the baseline): the file parsed into an ``rdflib.Dataset``, every saved query run by rdflib's engine.

Latencies are medians of ``--runs`` runs (one run when the first takes over 2 s); a query slower than
``--timeout`` is stopped and shown as ``>``. Both engines must find the same number of answers, or the table says
so. On the real, shipped graph it also times ``mskg build``, ``mskg --help`` and ``mskg query`` as fresh
processes; and ``mskg view`` on each grown graph. It prints Markdown tables with the ratios, and
``--update-readme`` puts them in the README's Performance section.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import pyoxigraph as ox

from benchmarks.generate import generate, sizes
from mskg.engine.store import STORE_DIR

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
#: The saved query run cold on the real graph, as a user would first try it.
COLD_QUERY = "unmet-needs"
#: The saved query whose answers focus the view on each grown graph.
VIEW_QUERY = "therapies-targeting-compartmentalized-b-cells"

# ---------------------------------------------------------------------------------------------------------------
# Workers: each runs in its own process and writes what it measured as JSON to a file.


def _timed_queries(select: Callable[[str, dict[str, str]], int], runs: int, timeout: float) -> dict[str, Any]:
    """Each saved query's median latency (resolving its example parameters included) and its number of rows."""
    from mskg.engine.queries import discover

    measured: dict[str, Any] = {}
    for saved in discover().values():
        values = {p.name: p.example for p in saved.params if p.example}
        times: list[float] = []
        rows = 0
        timed_out = False
        for _ in range(runs):
            started = time.perf_counter()
            try:
                with _Deadline(timeout):
                    rows = select(saved.name, values)
            except _Expired:
                timed_out = True
                break
            times.append(time.perf_counter() - started)
            if times[-1] > 2.0:  # a slow query is not rerun: its first run says enough
                break
        measured[saved.name] = {"seconds": None if timed_out else statistics.median(times), "rows": rows}
    return measured


class _Expired(BaseException):
    """A query ran past its deadline (a BaseException, so that no store mistakes it for its own error)."""


class _Deadline:
    """Raise _Expired in the main thread after ``seconds`` (rdflib is pure Python, so the alarm interrupts it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        def expire(signum: int, frame: FrameType | None) -> None:
            raise _Expired

        signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def worker_ours(file: Path, out: Path, runs: int, timeout: float) -> dict[str, Any]:
    """Our path: bulk-load into a new store, then every saved query on it opened read-only."""
    from mskg.engine.bulk import load_files
    from mskg.engine.queries import discover, run_saved
    from mskg.engine.store import EmbeddedStore

    loaded = load_files(out, [file])
    store = EmbeddedStore(loaded.store)
    saved = discover()
    queries = _timed_queries(lambda name, values: len(run_saved(store, saved[name], values).rows), runs, timeout)
    return {"load": loaded.seconds, "quads": loaded.quads, "parts": loaded.parts, "queries": queries}


def worker_pyoxigraph(file: Path) -> dict[str, Any]:
    """Oxigraph's own in-memory load of the same file, the limit to approach."""
    store = ox.Store()
    started = time.perf_counter()
    store.load(path=str(file))
    return {"load": time.perf_counter() - started, "quads": len(store)}


def worker_rdflib(file: Path, runs: int, timeout: float, with_queries: bool) -> dict[str, Any]:
    """The baseline: parse the file into an rdflib dataset and answer the saved queries with rdflib's engine."""
    from rdflib import Dataset

    from mskg.engine.queries import discover, run_saved
    from mskg.engine.store import MemoryStore

    dataset = Dataset(default_union=True)
    started = time.perf_counter()
    dataset.parse(str(file), format="nquads")
    load = time.perf_counter() - started
    quads = len(dataset)
    store = MemoryStore.of_dataset(dataset)
    saved = discover()
    queries = (
        _timed_queries(lambda name, values: len(run_saved(store, saved[name], values).rows), runs, timeout)
        if with_queries
        else {}
    )
    return {"load": load, "quads": quads, "queries": queries}


# ---------------------------------------------------------------------------------------------------------------
# Processes: run one command, measure its wall time and peak memory.


@dataclass(frozen=True)
class Process:
    """What one process took: wall seconds, peak resident memory (MB), and what it reported."""

    seconds: float
    peak_mb: float
    report: dict[str, Any] = field(default_factory=dict)


def run_process(command: Sequence[str], report: Path | None = None) -> Process:
    """Run ``command`` to its end and measure it; fail loudly (with its stderr) if it fails."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, whatever ran before it
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{message}")
    data = json.loads(report.read_text(encoding="utf-8")) if report else {}
    return Process(seconds, usage.ru_maxrss / 1024, data)


def worker(kind: str, *args: str, module: str = "benchmarks.scale") -> Process:
    """Run one worker of ``module`` (this script, or another benchmark's) in a fresh Python process."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report = Path(handle.name)
    try:
        return run_process([sys.executable, "-m", module, "--worker", kind, str(report), *args], report)
    finally:
        report.unlink(missing_ok=True)


def cold(command: Sequence[str], runs: int) -> float:
    """Median wall seconds of ``command`` run as a fresh process ``runs`` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(list(command), cwd=ROOT, check=True, capture_output=True)  # noqa: S603 - our own command
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def mskg_command() -> str:
    """The installed ``mskg`` entry point itself (not a version manager's shim in front of it)."""
    beside = Path(sys.executable).with_name("mskg")
    if beside.exists():
        return str(beside)
    raise SystemExit("the mskg command is not installed beside this Python; run `pip install -e .` first")


# ---------------------------------------------------------------------------------------------------------------
# The benchmark.


@dataclass
class SizeResult:
    """Everything measured on one generated graph."""

    target: int
    quads: int
    ours: Process
    pyoxigraph: Process
    rdflib: Process
    view: float


@dataclass
class RealResult:
    """Cold-process timings on the real, shipped graph."""

    build: Process
    help: float
    query: float
    triples: int


def measure_real(work: Path, runs: int) -> RealResult:
    mskg = mskg_command()
    out = work / "real"
    build = run_process([mskg, "build", "--out", str(out), "--quiet"])
    help_seconds = cold([mskg, "--help"], runs)
    query_seconds = cold([mskg, "query", COLD_QUERY, "--store", str(out)], runs)
    triples = len(ox.Store.read_only(str(out / STORE_DIR)))
    return RealResult(build, help_seconds, query_seconds, triples)


def measure_size(work: Path, target: int, runs: int, timeout: float, baseline_queries: bool) -> SizeResult:
    file = work / f"graph-{target}.nq"
    quads = generate(target, file)
    print(f"  {file.name}: {quads:,} quads", file=sys.stderr)
    out = work / f"store-{target}"
    ours = worker("ours", str(file), str(out), str(runs), str(timeout))
    print(f"  ours: load {ours.report['load']:.2f} s, peak {ours.peak_mb:.0f} MB", file=sys.stderr)
    oxigraph = worker("pyoxigraph", str(file))
    print(f"  pyoxigraph: load {oxigraph.report['load']:.2f} s, peak {oxigraph.peak_mb:.0f} MB", file=sys.stderr)
    baseline = worker("rdflib", str(file), str(runs), str(timeout), "1" if baseline_queries else "0")
    print(f"  rdflib: load {baseline.report['load']:.2f} s, peak {baseline.peak_mb:.0f} MB", file=sys.stderr)
    view = run_process(
        [mskg_command(), "view", "--store", str(out), "--query", VIEW_QUERY, "--output", str(work / "view.html")]
    )
    return SizeResult(target, quads, ours, oxigraph, baseline, view.seconds)


# ---------------------------------------------------------------------------------------------------------------
# Tables.


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n >= 1000 else str(n)


def _rate(quads: int, seconds: float) -> str:
    per_second = quads / seconds
    return f"{per_second / 1000:,.0f}k/s" if per_second >= 10_000 else f"{per_second:,.0f}/s"


def _ms(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f"> {timeout:.0f} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.0f} s"


def _slowest(seconds: list[float | None]) -> float | None:
    """The slowest latency, or None (shown as "> timeout") when a query was stopped."""
    return None if None in seconds else max((s for s in seconds if s is not None), default=0.0)


def _ratio(baseline: float | None, ours: float | None, timeout: float) -> str:
    if ours is None or ours <= 0:
        return "-"
    if baseline is None:
        return f"> {timeout / ours:,.0f}x"
    return f"{baseline / ours:,.1f}x"


def machine() -> str:
    import rdflib

    memory = 0.0
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024 / 1024
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}"
    )


def tables(real: RealResult, results: list[SizeResult], timeout: float) -> str:
    lines = [f"Measured on {time.strftime('%Y-%m-%d')}: {machine()}.", ""]
    lines += [
        "**Loading** (seconds in the loading call; peak = the process's peak resident memory, loading and queries)",
        "",
        "| triples | ours: `mskg load` to disk | pyoxigraph `Store.load` in memory | rdflib parse | "
        "ours vs rdflib | ours / pyoxigraph | peak ours | peak pyoxigraph | peak rdflib |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, ox, rd = r.ours.report["load"], r.pyoxigraph.report["load"], r.rdflib.report["load"]
        lines.append(
            f"| {r.quads:,} | {ours:.2f} s ({_rate(r.quads, ours)}) "
            f"| {ox:.2f} s ({_rate(r.quads, ox)}) | {rd:.1f} s ({_rate(r.quads, rd)}) "
            f"| {rd / ours:.1f}x faster | {ours / ox:.2f} | "
            f"{r.ours.peak_mb:,.0f} MB | {r.pyoxigraph.peak_mb:,.0f} MB | {r.rdflib.peak_mb:,.0f} MB |"
        )
    names = list(results[0].ours.report["queries"]) if results else []
    lines += [
        "",
        "**Saved queries** (median latency, parameters resolved from their labels; x = how many times faster than "
        "rdflib on the same graph; ≠ = the two engines found different numbers of rows)",
        "",
        "| query | " + " | ".join(_size(r.target) for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = []
        for r in results:
            ours = r.ours.report["queries"][name]
            base = r.rdflib.report["queries"].get(name)
            cell = _ms(ours["seconds"], timeout)
            if base is not None:
                cell += f" ({_ratio(base['seconds'], ours['seconds'], timeout)})"
                if base["seconds"] is not None and base["rows"] != ours["rows"]:
                    cell += f" ≠ {ours['rows']} vs {base['rows']} rows"
            else:
                cell += " (baseline not run)"
            cells.append(cell)
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    slowest = [_slowest([q["seconds"] for q in r.ours.report["queries"].values()]) for r in results]
    lines.append("| *slowest* | " + " | ".join(_ms(s, timeout) for s in slowest) + " |")
    lines += [
        "",
        "**Commands** (fresh processes, wall time)",
        "",
        "| command | time |",
        "|---|---:|",
        f"| `mskg --help` | {real.help:.2f} s |",
        f"| `mskg query {COLD_QUERY}` on the real graph | {real.query:.2f} s |",
        f"| `mskg build` of the real graph ({real.triples:,} triples, reasoning included) "
        f"| {real.build.seconds:.1f} s, peak {real.build.peak_mb:,.0f} MB |",
    ]
    for r in results:
        lines.append(f"| `mskg view --query {VIEW_QUERY}` on {_size(r.target)} | {r.view:.1f} s |")
    return "\n".join(lines) + "\n"


def update_readme(markdown: str) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{README} has no {START} … {END} section to replace")
    updated = pattern.sub(lambda _: f"{START}\n{markdown}{END}", text)
    partial = README.with_name(README.name + ".partial")
    partial.write_text(updated, encoding="utf-8")
    partial.replace(README)


def _run_worker(argv: list[str]) -> int:
    kind, report, *args = argv
    if kind == "ours":
        data = worker_ours(Path(args[0]), Path(args[1]), int(args[2]), float(args[3]))
    elif kind == "pyoxigraph":
        data = worker_pyoxigraph(Path(args[0]))
    elif kind == "rdflib":
        data = worker_rdflib(Path(args[0]), int(args[1]), float(args[2]), args[3] == "1")
    else:
        raise SystemExit(f"unknown worker {kind}")
    Path(report).write_text(json.dumps(data), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return _run_worker(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M,5M", help="graph sizes in triples (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per query; the median is shown")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a query is stopped")
    parser.add_argument(
        "--baseline-queries-up-to", default="1M", help="largest size on which rdflib runs the queries (it still loads)"
    )
    parser.add_argument("--update-readme", action="store_true", help="write the tables into README.md")
    parser.add_argument("--keep", type=Path, help="keep the generated files and stores in this folder")
    args = parser.parse_args(argv)
    [limit] = list(sizes(args.baseline_queries_up_to))
    with tempfile.TemporaryDirectory(prefix="mskg-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        print("real graph: build, --help, query", file=sys.stderr)
        real = measure_real(work, max(args.runs, 5))
        results = []
        for target in sizes(args.sizes):
            print(f"{_size(target)} triples", file=sys.stderr)
            results.append(measure_size(work, target, args.runs, args.timeout, target <= limit))
    markdown = tables(real, results, args.timeout)
    print(markdown)
    if args.update_readme:
        update_readme(markdown)
        print(f"updated {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
