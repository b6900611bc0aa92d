"""Read YAML keeping the line of every value, so each error in a file can name its line.

Used by every import of data written by people (catalogs, workflow definitions): the file is
parsed, validated against a pydantic model, and every problem is reported with its line before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class FileError:
    """One problem in a file: where it is and what is wrong."""

    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class YamlFileInvalid(Exception):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[FileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class LineIndex:
    """Maps a path inside the document to the line (1-based) where its value starts."""

    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}

    def line_for(self, path: Path) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _to_python(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path, index: LineIndex,
    errors: list[FileError],
) -> Any:
    index.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                errors.append(FileError(key_node.start_mark.line + 1, format_path(path),
                                        f"keys must be text, not {key!r}"))
                continue
            if key in result:
                errors.append(FileError(key_node.start_mark.line + 1, format_path((*path, key)),
                                        "duplicate key"))
                continue
            result[key] = _to_python(loader, value_node, (*path, key), index, errors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, (*path, i), index, errors)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, model: type[M]) -> tuple[M, LineIndex]:
    """Parse and validate a file against `model`; raise YamlFileInvalid listing every error."""
    index = LineIndex()
    errors: list[FileError] = []
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlFileInvalid([FileError(line, "", f"not valid YAML: {problem}")]) from exc
    if node is None:
        raise YamlFileInvalid([FileError(None, "", "the file is empty")])
    data = _to_python(loader, node, (), index, errors)
    if errors:
        raise YamlFileInvalid(errors)
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        raise YamlFileInvalid([
            FileError(index.line_for(tuple(err["loc"])), format_path(tuple(err["loc"])),
                      err["msg"].removeprefix("Value error, "))
            for err in exc.errors()
        ]) from exc
    return spec, index


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so exported texts read like the originals."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(spec: BaseModel) -> str:
    """Write a model as YAML in its field order (by alias), multi-line text as literal blocks."""
    data = spec.model_dump(mode="python", by_alias=True)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
