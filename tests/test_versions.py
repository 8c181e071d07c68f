"""A build is switched whole: killed at any step it shows the old files or the new, and a reader never sees a mix.

Each test stages small folders (a marker in every output, or a real tiny store) and switches them in with
:func:`mskg.engine.versions.publish`, the step every build and load ends with.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from mskg.base.staging import make_staging
from mskg.engine.store import STORE_DIR, EmbeddedStore, write_store
from mskg.engine.versions import current_version, publish, versions

_FILES = ("mskg.ttl", "mskg.trig", "graph.html")


def staged(out: Path, marker: str) -> Path:
    """A finished staging folder whose every output says ``marker``."""
    staging = make_staging(out)
    for name in _FILES:
        (staging / name).write_text(marker, encoding="utf-8")
    (staging / STORE_DIR).mkdir()
    (staging / STORE_DIR / "CURRENT").write_text(marker, encoding="utf-8")
    return staging


def shown(out: Path) -> set[str]:
    """What the outputs ``out`` shows say: one marker when the build is whole."""
    return {(out / name).read_text(encoding="utf-8") for name in (*_FILES, f"{STORE_DIR}/CURRENT")}


def test_the_first_build_and_each_next_one_are_switched_in_whole(tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = publish(staged(out, "one"), out)
    assert out.is_symlink()
    assert current_version(out) == first
    assert shown(out) == {"one"}
    second = publish(staged(out, "two"), out)
    assert shown(out) == {"two"}
    assert set(versions(out)) == {first, second}  # the previous one stays for readers still using it
    third = publish(staged(out, "three"), out)
    assert shown(out) == {"three"}
    assert set(versions(out)) == {second, third}
    assert not first.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["build", second.name, third.name])


def test_a_build_folder_from_before_versions_is_moved_aside_and_nothing_in_it_is_lost(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "mskg.ttl").write_text("old", encoding="utf-8")
    (out / "my-notes.txt").write_text("a person's file", encoding="utf-8")
    publish(staged(out, "new"), out)
    assert shown(out) == {"new"}
    [legacy] = [v for v in versions(out) if v != current_version(out)]
    assert (legacy / "mskg.ttl").read_text(encoding="utf-8") == "old"  # the old folder, whole, as the previous
    for marker in ("later", "later still"):
        publish(staged(out, marker), out)
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "a person's file", "carried into each build"
    assert not legacy.exists(), "once its files are carried on, the old folder is removed like any old version"


@pytest.mark.parametrize("fail_at", [1, 2, 3])  # moving the staging folder, making the link, the switch
def test_a_switch_killed_at_any_step_leaves_the_old_build_or_the_new_one(
    fail_at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    publish(staged(out, "old"), out)
    staging = staged(out, "new")
    calls = {"n": 0}

    def dies(real: object) -> object:
        def step(*args: object) -> None:
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise KeyboardInterrupt  # the process dies here: nothing after this step happens
            real(*args)  # type: ignore[operator]

        return step

    monkeypatch.setattr(os, "replace", dies(os.replace))
    monkeypatch.setattr(os, "symlink", dies(os.symlink))
    with pytest.raises(KeyboardInterrupt):
        publish(staging, out)
    monkeypatch.undo()
    assert shown(out) in ({"old"}, {"new"})
    # The next build switches in and removes what the killed one left, except the version before it.
    publish(staged(out, "next"), out)
    assert shown(out) == {"next"}
    assert len(versions(out)) == 2
    assert not [p for p in tmp_path.iterdir() if ".build.link-" in p.name]


def test_other_files_in_the_build_folder_are_kept_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "build"
    publish(staged(out, "one"), out)
    (out / "mskg_nodes.tsv").write_text("an export", encoding="utf-8")
    (out / "views").mkdir()
    (out / "views" / "graph-q.html").write_text("a view", encoding="utf-8")
    for marker in ("two", "three", "four"):
        publish(staged(out, marker), out)
    assert shown(out) == {"four"}
    assert (out / "mskg_nodes.tsv").read_text(encoding="utf-8") == "an export"
    assert (out / "views" / "graph-q.html").read_text(encoding="utf-8") == "a view"
    assert len(versions(out)) == 2, "versions holding only what the current one carries are removed"


def test_a_link_a_person_made_is_followed_and_the_build_goes_where_it_points(tmp_path: Path) -> None:
    elsewhere = tmp_path / "disk" / "build"
    elsewhere.mkdir(parents=True)
    (tmp_path / "project").mkdir()
    out = tmp_path / "project" / "build"
    out.symlink_to(elsewhere)
    publish(staged(out, "one"), out)
    assert shown(out) == {"one"}
    assert versions(elsewhere), "the versions are written beside the folder the link names"
    assert not list((tmp_path / "project").glob(".build.*"))


def test_a_reader_racing_the_switches_always_reads_one_whole_store(tmp_path: Path) -> None:
    out = tmp_path / "build"
    sizes = (3, 7)

    def stage(size: int) -> Path:
        graph = Graph()
        for index in range(size):
            graph.add((URIRef(f"https://x.org/s{index}"), URIRef("https://x.org/p"), Literal(index)))
        staging = make_staging(out)
        write_store(staging / STORE_DIR, {URIRef("https://x.org/g"): graph})
        return staging

    publish(stage(sizes[0]), out)
    seen: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                store = EmbeddedStore(out / STORE_DIR)
                seen.append(int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]))
                del store
            except BaseException as error:
                failures.append(error)
                return

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for turn in range(30):
            publish(stage(sizes[turn % 2]), out)
    finally:
        stop.set()
        reader.join()
    assert not failures, failures[0]
    assert seen
    assert set(seen) <= set(sizes)


def test_the_build_and_its_versions_are_ignored_by_git() -> None:
    """A curator's `git add -A` must never commit a build: the link, its versions and staging folders."""
    root = Path(__file__).resolve().parents[1]
    names = ["build", ".build.v-1b043594", ".build.k3j4h5g6", ".build.load.abcdefgh"]
    run = subprocess.run(
        ["git", "check-ignore", "--no-index", *names], cwd=root, capture_output=True, text=True, check=False
    )
    assert run.stdout.split() == names, run.stderr
