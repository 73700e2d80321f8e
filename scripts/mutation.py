"""Mutation testing of the rule modules with mutmut: `python scripts/mutation.py [MODULE ...]`.

mutation/config.toml names the modules (a few files each, less the functions it skips) and
the tests that cover each; without arguments every module runs, one after the other.

For each module this lays out a copy of the package as it is installed under
build/mutation/MODULE (`models/` as `gaggle/models/`, by pyproject.toml's package-dir): mutmut
names a mutant after its file's path, and the tests import `gaggle.models.people`, never
`models.people`, so mutants made at the repository's own paths would be neither run by the
tests nor switched on when they run. There mutmut mutates the module's files, runs the
module's tests once to learn which of them call each function, and runs each mutant against
those tests alone, each mutant in a process forked from a server that has collected the
tests but run none (mutation/pytest_plugin.py says what that server prepares).

It prints each module's score, the mutants the tests kill (or that run out of time) out of
all but the equivalent ones, those mutation/equivalent.md lists with the reason; and each
other survivor, as a diff. It exits 1 when a module scores under the configured minimum.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mutation" / "config.toml"
EQUIVALENT = ROOT / "mutation" / "equivalent.md"
PLUGIN = ROOT / "mutation" / "pytest_plugin.py"
STAGES = ROOT / "build" / "mutation"
MUTMUT = Path(sys.executable).with_name("mutmut")
PACKAGE = "gaggle"
# What mutmut makes of a mutant's test run, by its exit code: the tests failed (1; 3, an
# error inside pytest) or ran out of time. 0 is a survivor; 33, a mutant no test reaches.
DETECTED = {1, 3, 24, -24, 36, 152, 255}


def say(message: str) -> None:
    print(f"[mutation] {message}", flush=True)


def package_dirs() -> dict[str, str]:
    """The repository's folders that are subpackages of the package once it is installed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return project["tool"]["setuptools"]["package-dir"]


def installed_path(path: str) -> str:
    """Where the repository's file `path` is in the installed package: models/people.py is
    gaggle/models/people.py."""
    for package, folder in package_dirs().items():
        if path.startswith(folder + "/"):
            return package.replace(".", "/") + path[len(folder) :]
    if not path.startswith(PACKAGE + "/"):
        raise SystemExit(f"{path} is not part of the {PACKAGE} package")
    return path


def definitions(tree: ast.Module):
    """(node, name) of a module's functions and (node, Class.name) of its classes' methods."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, node.name
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield member, f"{node.name}.{member.name}"


def defines(path: str, name: str) -> bool:
    """Whether the repository's file `path` defines the function or method `name`."""
    return any(found == name for _, found in definitions(ast.parse((ROOT / path).read_text())))


def mangled(path: str, name: str) -> str:
    """mutmut's name of the function or method `name` (`Class.method`) of the file `path`:
    gaggle.security.xǁClassǁmethod, gaggle.pagination.x_function."""
    module = installed_path(path).removesuffix(".py").replace("/", ".")
    cls, _, function = name.rpartition(".")
    return f"{module}.xǁ{cls}ǁ{function}" if cls else f"{module}.x_{function}"


def without(path: Path, skip: list[str]) -> str:
    """The text of the Python file `path`, the functions whose names match a pattern of
    `skip` put between mutmut's `no mutate start` and `end` comments."""
    source = path.read_text()
    regions = [
        (min([node.lineno, *(d.lineno for d in node.decorator_list)]), node.end_lineno, node)
        for node, name in definitions(ast.parse(source))
        if any(fnmatch.fnmatch(name, pattern) for pattern in skip)
    ]
    lines = source.splitlines(keepends=True)
    for first, last, node in sorted(regions, key=lambda region: region[0], reverse=True):
        indent = " " * node.col_offset
        lines.insert(last, f"{indent}# pragma: no mutate end\n")
        lines.insert(first - 1, f"{indent}# pragma: no mutate start\n")
    return "".join(lines)


def sync(source: Path, target: Path, texts: dict[Path, str]) -> None:
    """Make `target` hold the files of `source` (the text `texts` gives for some), writing only
    those that differ, so that mutmut sees what changed since the last run."""
    for path in source.rglob("*"):
        if "__pycache__" in path.parts or path.is_dir():
            continue
        write(target / path.relative_to(source), texts.get(path, path.read_bytes()))


def write(path: Path, content: str | bytes) -> None:
    content = content.encode() if isinstance(content, str) else content
    if not path.exists() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def lay_out(stage: Path, module: dict, pytest_args: list[str]) -> None:
    """The package as installed (the module's files less the functions it skips), the tests,
    the plugin, and pyproject.toml with mutmut's configuration for the module."""
    texts = {ROOT / path: without(ROOT / path, module.get("skip", [])) for path in module["files"]}
    sync(ROOT / PACKAGE, stage / PACKAGE, texts)
    for package, folder in package_dirs().items():
        sync(ROOT / folder, stage / package.replace(".", "/"), texts)
    sync(ROOT / "tests", stage / "tests", {})
    if (stage / "mutants").exists():
        # mutmut copies the package's other files (documents, templates, the SDL) only once.
        for path in (stage / PACKAGE).rglob("*"):
            if path.is_file() and path.suffix != ".py":
                write(stage / "mutants" / path.relative_to(stage), path.read_bytes())
    write(stage / "mutation_plugin.py", PLUGIN.read_bytes())
    settings = {
        "source_paths": [PACKAGE],
        "only_mutate": [installed_path(path) for path in module["files"]],
        "also_copy": ["mutation_plugin.py"],
        "pytest_add_cli_args": [*pytest_args, "-p", "mutation_plugin"],
        "pytest_add_cli_args_test_selection": module["tests"],
        # Each mutant's tests run in a process forked from a server that has run no test, so
        # that no cache a test run fills (the GraphQL schema, statements built once) holds
        # what the unmutated code made.
        "process_isolation": "forkserver",
        "forkserver_warmup": "collect",
    }
    lines = ["", "[tool.mutmut]", *(f"{key} = {json.dumps(v)}" for key, v in settings.items())]
    write(stage / "pyproject.toml", (ROOT / "pyproject.toml").read_text() + "\n".join(lines) + "\n")


@dataclass
class Mutant:
    name: str
    path: str  # the repository's
    function: str  # Class.method or function
    exit_code: int | None
    diff: str = ""

    @property
    def mutated(self) -> str:
        """The first line the mutant changes, as it changes it."""
        added = [line[1:].strip() for line in self.diff.splitlines()[2:] if line[:1] == "+"]
        return added[0] if added else ""


def function_of(mutant_name: str) -> str:
    """`Class.method` or `function` of a mutant of mutmut's, module.xǁClassǁmethod__mutmut_N
    or module.x_function__mutmut_N."""
    mangled = mutant_name.partition("__mutmut_")[0].rpartition(".")[2]
    if mangled.startswith("xǁ"):
        return ".".join(mangled.split("ǁ")[1:])
    return mangled.removeprefix("x_")


def outcomes(stage: Path, module: dict) -> list[Mutant]:
    """The module's mutants and what became of each, with the diff of each one not detected."""
    mutants = []
    for path in module["files"]:
        meta = stage / "mutants" / (installed_path(path) + ".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        mutants += [Mutant(name, path, function_of(name), code) for name, code in codes.items()]
    for mutant in mutants:
        if mutant.exit_code not in DETECTED:
            shown = subprocess.run(
                [MUTMUT, "show", mutant.name], cwd=stage, capture_output=True, text=True
            )
            mutant.diff = shown.stdout.partition("\n")[2].strip()
    return mutants


ENTRY = re.compile(r"^- `(?P<function>[^`]+)`: `(?P<mutated>.*)`: (?P<why>.+)$")


def equivalents() -> dict[tuple[str, str, str], str]:
    """mutation/equivalent.md's entries: under a heading `## path`, a line
    "- `function`: `the line as the mutant has it`: why no test can tell them apart", by
    (path, function, line)."""
    found, path = {}, None
    for line in EQUIVALENT.read_text().splitlines():
        if line.startswith("## "):
            path = line[3:].strip()
        elif path and (entry := ENTRY.match(line)):
            found[(path, entry["function"], entry["mutated"].strip())] = entry["why"]
    return found


def report(name: str, mutants: list[Mutant], minimum: float, seconds: float) -> bool:
    """Print the survivors not known to be equivalent and the score; whether it is enough."""
    listed = equivalents()
    detected = [m for m in mutants if m.exit_code in DETECTED]
    equivalent = [
        m for m in mutants if m.exit_code == 0 and (m.path, m.function, m.mutated) in listed
    ]
    others = [m for m in mutants if m not in detected and m not in equivalent]
    for mutant in sorted(others, key=lambda m: (m.path, m.name)):
        status = "survived" if mutant.exit_code == 0 else f"not detected (exit {mutant.exit_code})"
        print(f"\n{mutant.name}: {status}\n{mutant.diff}")
    counted = len(mutants) - len(equivalent)
    score = 100.0 * len(detected) / counted if counted else 100.0
    say(
        f"{name}: {len(mutants)} mutants, {len(detected)} killed, {len(equivalent)} equivalent, "
        f"{len(others)} other survivors: score {score:.1f}% (minimum {minimum}%), "
        f"{seconds:.0f} s"
    )
    return score >= minimum


def undetected(stage: Path, module: dict) -> list[str]:
    """The mutants of the module's last run that no test detected (none without one)."""
    names = []
    for path in module["files"]:
        meta = stage / "mutants" / (installed_path(path) + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            names += [name for name, code in codes.items() if code in (0, 33)]
    return names


def mutmut(stage: Path, log: Path, module: dict, args: argparse.Namespace, *names: str) -> bool:
    """`mutmut run` in the module's copy, of every mutant or of those `names`; whether it ran."""
    everywhere = [
        mangled(path, function)
        for path in module["files"]
        for function in module.get("everywhere", [])
        if defines(path, function)
    ]
    with log.open("a") as output:
        finished = subprocess.run(
            [MUTMUT, "run", "--max-children", str(args.max_children), *names],
            cwd=stage,
            env={**os.environ, "GAGGLE_MUTATION_EVERYWHERE": " ".join(everywhere)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if finished.returncode != 0:
        say(f"mutmut failed (exit {finished.returncode}); the end of its output:")
        print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
    return finished.returncode == 0


def run(name: str, module: dict, config: dict, args: argparse.Namespace) -> bool:
    """Mutate one module and report; whether it reaches the minimum score."""
    started = time.monotonic()
    stage = STAGES / name
    if not args.keep:
        shutil.rmtree(stage, ignore_errors=True)
    # mutmut keeps a survivor's verdict until its function changes; tests added since would
    # not be tried on it.
    again = undetected(stage, module)
    lay_out(stage, module, config["run"]["pytest_args"])
    log = stage / "mutmut.log"
    log.write_text("")
    say(f"{name}: {', '.join(module['files'])} (mutmut's output: {log.relative_to(ROOT)})")
    if not mutmut(stage, log, module, args) or (
        again and not mutmut(stage, log, module, args, *again)
    ):
        return False
    minimum = config["run"]["minimum_score"]
    return report(name, outcomes(stage, module), minimum, time.monotonic() - started)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules of mutation/config.toml (all)")
    parser.add_argument(
        "--max-children", type=int, default=1, help="mutants tested at once (1: a shared machine)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="start from the last run's results: only mutants of functions changed since then, "
        "and of functions that tests added since then reach, are tested again",
    )
    args = parser.parse_args(argv)
    config = tomllib.loads(CONFIG.read_text())
    names = args.modules or list(config["modules"])
    unknown = sorted(set(names) - set(config["modules"]))
    if unknown:
        parser.error(f"{CONFIG.relative_to(ROOT)} has no module {', '.join(unknown)}")
    started = time.monotonic()
    passed = [run(name, config["modules"][name], config, args) for name in names]
    say(f"{len(names)} module(s) in {time.monotonic() - started:.0f} s")
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
