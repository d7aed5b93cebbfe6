"""Reading user files and writing outputs without leaving the box.

Every file named by a user (a seed or candidates directory, an article to ingest, a gold file) is read
here, and every export is written here, so the rules hold in one place:

- a file named inside a directory (`file:` in documents.yaml) resolves inside that directory: no absolute
  paths, no `..`, no symlink (or symlinked parent) pointing out;
- only regular files are read (not FIFOs, devices, directories), opened with O_NONBLOCK so a FIFO cannot
  hang the open, and size limits are enforced while reading (at most limit+1 bytes), never from `stat`;
- YAML aliases are counted before anything is built, and refused past a small budget: aliases are how a
  600-byte "billion laughs" becomes gigabytes;
- outputs go through a temporary file in the target's directory and `os.replace`, and only a regular file
  (or nothing) is ever replaced: never a symlink, a device such as /dev/stdout, a directory or a FIFO.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from cyberkg.errors import InputError, OutputError, UsageError

MAX_ARTICLE_BYTES = 5_000_000  # one article to ingest
MAX_SEED_BYTES = 1_000_000_000  # one seed/candidates YAML or source document (bulk corpora are large)
_CHUNK = 1 << 20


def inside(root: Path, relative: str, display: str, line: int | None = None) -> Path:
    """`relative` (as written in a file at `display`:`line`) resolved inside `root`, or an InputError."""
    if not isinstance(relative, str) or not relative.strip():
        raise InputError("'file' must be a path relative to its directory", display, line)
    pure = PurePosixPath(relative)
    if pure.is_absolute() or Path(relative).is_absolute():
        raise InputError(f"file '{relative}' is an absolute path: give a path inside {root}", display, line)
    if ".." in pure.parts:
        raise InputError(f"file '{relative}' contains '..': give a path inside {root}", display, line)
    box = root.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(box):
        raise InputError(f"file '{relative}' leads outside {root} (through a symlink)", display, line)
    return target


def in_box(root: Path, path: Path) -> bool:
    """Whether a file found by walking `root` really lies inside it (a symlink may point out)."""
    return path.resolve().is_relative_to(root.resolve())


def box_files(root: Path, pattern: str, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Files under `root` matching a glob (and suffixes), sorted; one that leads out (a symlink) is an error."""
    found = sorted(p for p in root.glob(pattern) if suffixes is None or p.suffix.lower() in suffixes)
    for path in found:
        if not in_box(root, path):
            raise InputError(f"leads outside {root} (a symlink): refused", str(path))
    return found


def read_bytes(
    path: Path,
    limit: int,
    display: str | None = None,
    line: int | None = None,
    follow: bool = True,
    what: str = "file",
    name: str | None = None,
) -> bytes:
    """The bytes of a regular file, at most `limit` of them (more is an InputError).

    `follow=False` refuses a symlink as the last component (O_NOFOLLOW): for paths already resolved inside a
    box, so the file cannot be swapped for a link between the check and the open."""
    display = display if display is not None else str(path)
    # the message names the file itself unless it is reported at another file's line (documents.yaml:3:)
    subject = "" if line is None else f"{what} {name or path} "
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        problem = "is a symlink" if exc.errno == errno.ELOOP else f"cannot read: {exc.strerror}"
        raise InputError(subject + problem, display, line) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a directory"
                if stat.S_ISDIR(mode)
                else "a FIFO"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise InputError(
                f"{subject}is {kind}, not a regular file" if kind.startswith("a ") else subject + kind, display, line
            )
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"{subject}cannot read: {exc.strerror}", display, line) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(f"{subject}is over the {limit:,}-byte limit for one {what}", display, line)
    return b"".join(chunks)


def read_text(path: Path, limit: int, display: str | None = None, what: str = "file") -> str:
    """A regular UTF-8 file as text (see read_bytes); a decoding error names the line."""
    display = display if display is not None else str(path)
    raw = read_bytes(path, limit, display, what=what)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", display, raw[: exc.start].count(b"\n") + 1) from None


# --- YAML without aliases -----------------------------------------------------------------------------

if TYPE_CHECKING:
    _YAML_BASE = yaml.SafeLoader
else:
    _YAML_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it


ALIAS_FACTOR, ALIAS_SLACK = 4, 10_000  # expanded nodes allowed: 4 x the nodes written, plus 10,000


class AliasRefused(yaml.YAMLError):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


class NoAliasLoader(_YAML_BASE):
    """A SafeLoader that refuses aliases that expand beyond a small budget, before constructing anything.

    The parser (C or Python) composes an alias as the very node its anchor made, so the composed document
    is a graph whose expanded size can be exponential in the text (a "billion laughs") while the graph
    itself stays small. Its expanded size is counted in one linear walk; a document expanding to more
    than ALIAS_FACTOR x its written nodes + ALIAS_SLACK, or an alias inside its own anchor, is refused.
    Modest reuse is allowed: PyYAML's dumper writes `&id001` / `*id001` for shared values (generated
    corpora have them)."""

    may_alias = True  # load_yaml_text clears it for a text with no '*' (see there)

    def get_single_data(self) -> Any:  # noqa: D102 - PyYAML hook
        node = self.get_single_node()
        if node is None:
            return None
        if self.may_alias:
            check_aliases(node)
        return self.construct_document(node)


def _children(node: yaml.Node) -> list[tuple[yaml.Node, int]]:
    if isinstance(node, yaml.MappingNode):
        return [pair for key, value in node.value for pair in ((key, key.start_mark.line + 1), (value, key.start_mark.line + 1))]
    if isinstance(node, yaml.SequenceNode):
        # an aliased item's own mark is its anchor's: name the sequence that repeats it
        return [(item, node.start_mark.line + 1) for item in node.value]
    return []


def check_aliases(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}  # id(node) -> nodes once expanded
    open_nodes: set[int] = set()  # the current path from the root: meeting one again is a cycle
    first_alias: int | None = None
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, root.start_mark.line + 1)]
    while stack:
        node, finished, line = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child, _ in _children(node))
        elif key in sizes:
            first_alias = first_alias or line
        elif key in open_nodes:
            raise AliasRefused(line, "a YAML alias (*name) inside its own anchor: refused")
        else:
            open_nodes.add(key)
            stack.append((node, True, line))
            stack.extend(reversed([(child, False, child_line) for child, child_line in _children(node)]))
    expanded, written = sizes[id(root)], len(sizes)
    if expanded > ALIAS_FACTOR * written + ALIAS_SLACK:
        raise AliasRefused(
            first_alias or 1, f"YAML aliases (*name) expand {written:,} nodes to {expanded:,}: refused (a 'billion laughs'?)"
        )


def yaml_error(exc: yaml.YAMLError, display: str, first_line: int = 1) -> InputError:
    """One InputError for any YAML problem, naming the line (offset by where the YAML starts in the file)."""
    if isinstance(exc, AliasRefused):
        return InputError(exc.problem, display, exc.line + first_line - 1)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        return InputError(f"malformed YAML: {exc.problem or exc.context}", display, line)
    return InputError(f"malformed YAML: {exc}", display)


def load_yaml_text(text: str, display: str, loader: type = NoAliasLoader, first_line: int = 1) -> Any:
    """`yaml.load` with `loader` (a SafeLoader subclass), any YAML problem one InputError naming the line."""
    instance = loader(text)
    # An alias is written `*name` (YAML 1.1 c-alias) and nothing else makes one: a text without '*' has none, so
    # the walk that counts their expansion (a third of reading a large seed file) would find nothing
    instance.may_alias = "*" in text
    try:
        return instance.get_single_data()
    except yaml.YAMLError as exc:
        raise yaml_error(exc, display, first_line) from None
    finally:
        instance.dispose()


# --- outputs ------------------------------------------------------------------------------------------


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file (or nothing)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    if stat.S_ISLNK(mode):
        raise UsageError(f"{path} is a symlink: refusing to replace it (give a regular file, or '-' for standard output)")
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise UsageError(f"{path} is {kind}: refusing to replace it (give a regular file, or '-' for standard output)")


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` on a temporary file beside `path` (same suffix, so writers that pick a format by
    name still do), then rename it over `path`. Readers see the old file or the new one, never half."""
    path = Path(path)
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix or ".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    tmp = Path(name)
    try:
        os.chmod(tmp, _mode_for(path))
        write(tmp)
        check_target(path)  # it may have become a link while we wrote
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _mode_for(path: Path) -> int:
    """The replaced file's mode, else what a plain open() would give (mkstemp makes 0600 files)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> int:
    atomic_write(path, lambda tmp: None if tmp.write_bytes(data) else None)
    return len(data)
