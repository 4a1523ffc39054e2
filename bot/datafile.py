"""Reading a YAML data file under knowledge/ into its pydantic model, with one clear error naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import UserFacingError

Model = TypeVar("Model", bound=BaseModel)


def read_yaml_model(path: Path, model: type[Model], what: str) -> Model:
    """The file's contents as `model`; an unreadable file or a malformed field is a UserFacingError that names the
    file ("the calculator words knowledge/…: levels.junior: field required")."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError) as err:
        raise UserFacingError(f"cannot read the {what} {path}: {str(err).splitlines()[0]}") from err
    except ValidationError as err:
        first = err.errors()[0]
        raise UserFacingError(f"the {what} {path}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from err
