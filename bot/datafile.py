"""Reading a YAML data file under knowledge/ into its pydantic model, with one clear error naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import UserFacingError

Model = TypeVar("Model", bound=BaseModel)


# libyaml's C loader when PyYAML has it (five times faster on the glossary), else the Python one
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 50  # the data files nest three or four levels


def load_yaml(text: str) -> object:
    """YAML text as Python data, refusing aliases (`*name`): no data file needs them, and an alias of an alias of a
    list ("billion laughs") expands to gigabytes before anything could check it. The parser's events are read
    first, so an alias is refused before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(None, None, "aliases (*name) are not allowed in this file",
                                                    event.start_mark)
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:  # building it would recurse once per level
            raise yaml.constructor.ConstructorError(None, None, f"lists or mappings nested more than {MAX_DEPTH} "
                                                    "deep are not allowed in this file", event.start_mark)
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader


def read_yaml_model(path: Path, model: type[Model], what: str) -> Model:
    """The file's contents as `model`; an unreadable file or a malformed field is a UserFacingError that names the
    file ("the calculator words knowledge/…: levels.junior: field required")."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except UnicodeDecodeError as err:
        raise UserFacingError(f"cannot read the {what} {path}: not UTF-8 text (byte {err.start})") from err
    except (OSError, yaml.YAMLError) as err:
        raise UserFacingError(f"cannot read the {what} {path}: {first_line(err)}") from err
    except ValidationError as err:
        first = err.errors()[0]
        raise UserFacingError(f"the {what} {path}: {'.'.join(map(str, first['loc']))[:200]}: {first['msg']}") from err


def first_line(err: BaseException) -> str:
    """An error's first line, bounded: what a user reads of it."""
    return (str(err).splitlines() or [type(err).__name__])[0][:300]
