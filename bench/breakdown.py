"""Where `herald code` spends its time, stage by stage, on the generated corpus.

    python bench/breakdown.py                      # 300 generated pages, stage table
    python bench/breakdown.py --py-spy             # sampled with py-spy: stage shares + leaves
    python bench/breakdown.py --pyinstrument       # call tree, bench/out/profile.{txt,html}

The stage table comes from timing wrappers put around the functions that
`herald.pipeline` calls (cleaning, language, sentence split, tokenizing, KB
phrase matching, trigger matching, place matching, the spaCy parse, event
coding, actor resolution, merging), in one process, after the KB, lexicon and
model are loaded (their load times are listed apart). Times are CPU seconds of
this process, so they hold when other work shares the machine. Nothing in herald
is changed; the wrappers cost a few per cent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import generate  # noqa: E402

# CPU time of this process: stage shares stay right when other work shares the machine
_clock = time.process_time
TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = _clock()
        try:
            return func(*args, **kwargs)
        finally:
            TIMES[name] += _clock() - started
            CALLS[name] += 1

    return wrapper


def timed_iter(name: str, func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Time a generator function by the time spent producing each item."""

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        it = iter(func(*args, **kwargs))
        CALLS[name] += 1
        while True:
            started = _clock()
            try:
                item = next(it)
            except StopIteration:
                TIMES[name] += _clock() - started
                return
            TIMES[name] += _clock() - started
            yield item

    return wrapper


STAGES = (
    ("clean", "clean_document: furniture removal, title, dateline"),
    ("language", "language_problem: py3langid"),
    ("sentences", "split_sentences"),
    ("tokenize", "textutil.tokenize (pre-filter tokens)"),
    ("actors: KB match", "find_phrases: KB trie match + phrase grouping"),
    ("triggers", "TriggerLexicon.find"),
    ("places", "kb.places.find (gazetteer trie)"),
    ("parse", "spaCy nlp.pipe on candidate sentences (tok2vec, tagger, parser, ...)"),
    ("actors: resolve", "resolve_phrase (office-holders on a date)"),
    ("events", "EventCoder.code_sentence (dependency rules, dates, places)"),
    ("merge", "merge_events (within-document dedup)"),
)


def instrument(pipeline: Any) -> None:
    import herald.pipeline as hp

    hp.clean_document = timed("clean", hp.clean_document)
    hp.language_problem = timed("language", hp.language_problem)
    hp.split_sentences = timed("sentences", hp.split_sentences)
    hp.tokenize = timed("tokenize", hp.tokenize)
    hp.find_phrases = timed("actors: KB match", hp.find_phrases)
    hp.resolve_phrase = timed("actors: resolve", hp.resolve_phrase)
    hp.merge_events = timed("merge", hp.merge_events)
    pipeline.lexicon.find = timed("triggers", pipeline.lexicon.find)
    pipeline.kb.places.find = timed_iter("places", pipeline.kb.places.find)
    pipeline.coder.code_sentence = timed("events", pipeline.coder.code_sentence)
    pipeline.nlp.pipe = timed_iter("parse", pipeline.nlp.pipe)


# stage of a sampled stack: the outermost frame that names one
_SPY_STAGES = (
    ("clean", "clean_document ("),
    ("language", "language_problem ("),
    ("sentences", "split_sentences ("),
    ("tokenize", "tokenize (herald/textutil"),
    ("actors: KB match", "find_phrases ("),
    ("triggers", "TriggerLexicon.find ("),
    ("places", "PhraseTrie.find ("),
    ("parse", "Language.pipe ("),
    ("parse", "English.pipe ("),
    ("actors: resolve", "resolve_phrase ("),
    ("events", "EventCoder.code_sentence ("),
    ("merge", "merge_events ("),
)


def _spy_stage(frames: list[str]) -> str:
    for frame in frames:
        for stage, key in _SPY_STAGES:
            if key in frame:
                return stage
    return "other"


def py_spy(docs: int, seed: int, out: Path) -> int:
    """Sample `--plain` with py-spy; print each stage's share and its busiest leaf functions."""
    exe = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if exe is None:
        sys.exit("breakdown: py-spy is not installed; pip install py-spy")
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "py-spy.txt"
    this = str(Path(__file__).resolve())
    argv = [exe, "record", "-r", "250", "--format", "raw", "-o", str(raw), "--"]
    argv += [sys.executable, this, "--plain", "--docs", str(docs), "--seed", str(seed)]
    subprocess.run(argv, check=True)
    stages: dict[str, int] = defaultdict(int)
    leaves: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if "Pipeline.run (" not in stack:
            continue  # loading, imports, the corpus generator
        frames = stack.split(";")
        stage = _spy_stage(frames)
        stages[stage] += int(count)
        leaves[stage][frames[-1].rsplit(":", 1)[0] + ")"] += int(count)
        total += int(count)
    print(f"{total} samples in Pipeline.run (250 a second)\n")
    for stage, count in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"{stage:<18} {count / total:7.1%}")
        for leaf, n in sorted(leaves[stage].items(), key=lambda kv: -kv[1])[:5]:
            print(f"    {n / total:7.1%}  {leaf}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="generated pages [300]")
    parser.add_argument("--seed", type=int, default=7, help="generator seed [7]")
    parser.add_argument(
        "--pyinstrument",
        action="store_true",
        help="profile with pyinstrument instead of stage timers (bench/out/profile.*)",
    )
    parser.add_argument(
        "--py-spy",
        action="store_true",
        help="sample a --plain run with py-spy and attribute the samples to stages",
    )
    parser.add_argument(
        "--plain", action="store_true", help="code the corpus, no timers (to profile)"
    )
    parser.add_argument(
        "--out", type=Path, default=BENCH / "out", help="output directory [bench/out]"
    )
    args = parser.parse_args()
    if args.py_spy:
        return py_spy(args.docs, args.seed, args.out)

    from herald.coding.lexicon import load_lexicon
    from herald.kb import load_kb
    from herald.pipeline import Pipeline
    from herald.readers import document_from_record
    from herald.schema import Document
    from herald.settings import Settings
    from herald.stages.language import detect_language

    loads: dict[str, float] = {}
    t = _clock()
    kb = load_kb()
    loads["knowledge base"] = _clock() - t
    t = _clock()
    lexicon = load_lexicon()
    loads["trigger lexicon"] = _clock() - t
    pipeline = Pipeline(Settings(), kb=kb, lexicon=lexicon)
    t = _clock()
    pipeline.nlp  # noqa: B018 - loads the model
    loads["spaCy model"] = _clock() - t
    t = _clock()
    detect_language("A sentence to load the language identifier.")
    loads["language model"] = _clock() - t

    records = generate(args.docs, args.seed)
    docs = [document_from_record(r, r["id"]) for r in records]
    args.out.mkdir(parents=True, exist_ok=True)

    if args.plain:
        list(pipeline.run(docs))
        return 0
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        results = list(pipeline.run(docs))
        profiler.stop()
        (args.out / "profile.txt").write_text(
            profiler.output_text(unicode=True, show_all=False), encoding="utf-8"
        )
        (args.out / "profile.html").write_text(profiler.output_html(), encoding="utf-8")
        print(profiler.output_text(unicode=True))
        print(f"profile: {args.out / 'profile.txt'}, {args.out / 'profile.html'}")
        return 0

    instrument(pipeline)
    started = _clock()
    results = list(pipeline.run(docs))
    total = _clock() - started
    coded = [r for r in results if isinstance(r, Document)]
    sentences = sum(len(d.sentences) for d in coded)
    events = sum(len(d.events) for d in coded)
    parsed = CALLS["events"]

    print(
        f"{len(docs)} docs ({len(coded)} coded), {sentences} sentences, {parsed} parsed, "
        f"{events} events, {total:.2f} s ({len(docs) / total:.1f} docs/s)\n"
    )
    print(f"{'stage':<18} {'CPU s':>8} {'share':>7}  what")
    accounted = 0.0
    rows = []
    for name, what in STAGES:
        seconds = TIMES.get(name, 0.0)
        accounted += seconds
        rows.append(
            {
                "stage": name,
                "seconds": round(seconds, 3),
                "share": round(seconds / total, 4),
                "calls": CALLS.get(name, 0),
                "what": what,
            }
        )
        print(f"{name:<18} {seconds:8.2f} {seconds / total:7.1%}  {what}")
    other = total - accounted
    print(
        f"{'other':<18} {other:8.2f} {other / total:7.1%}  "
        "chunking, Document objects, context updates"
    )
    print("\none-off loads (not in the total):")
    for name, seconds in loads.items():
        print(f"  {name:<16} {seconds:6.2f} s")
    report = {
        "docs": len(docs),
        "sentences": sentences,
        "parsed_sentences": parsed,
        "events": events,
        "total_s": round(total, 3),
        "stages": rows,
        "other_s": round(other, 3),
        "loads_s": {k: round(v, 3) for k, v in loads.items()},
    }
    (args.out / "stages.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
