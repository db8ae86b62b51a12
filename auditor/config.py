"""Project settings: the nearest ``auditor.yaml`` from the working folder upwards (as ruff and
yamllint find theirs). Command-line options always win.

```yaml
rules: rules/my-province      # a rule pack, relative to this file
profile: department           # government | department | township
fail_on: warning              # error | warning | info | never
waivers: [...]                # see docs/ci.md (read per report by auditor.waivers)
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import AuditorError


CONFIG_NAME = "auditor.yaml"
KEYS = {"rules", "profile", "fail_on", "waivers"}
_CHOICES = {"profile": ("government", "department", "township"),
            "fail_on": ("error", "warning", "info", "never")}


class ConfigError(AuditorError):
    """An auditor.yaml that cannot be used."""


def find_project_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_project_config(path: Path | None) -> dict[str, Any]:
    """The settings of one auditor.yaml, validated; {} when there is none."""
    if path is None:
        return {}
    from .pack.yamlsafe import YamlProblems, load_with_positions

    name = str(path)
    try:
        from .readfile import read_regular

        raw = read_regular(path, 1024 * 1024)
        if len(raw) > 1024 * 1024:
            raise ConfigError("配置文件过大（上限 1 MB）", path=name)
        data, pos = load_with_positions(raw.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        raise ConfigError("配置文件不是 UTF-8 文本", path=name) from None
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件：{exc.strerror or exc}", path=name) from None
    except YamlProblems as exc:
        raise ConfigError("配置文件有误", path=name, problems=exc.problems) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("配置文件顶层应为映射（rules/profile/fail_on/waivers）", path=name, line=1)
    out: dict[str, Any] = {}
    for key, value in data.items():
        line = pos.get((key,), (None, None))[0]
        if key not in KEYS:
            raise ConfigError(f"不认识的设置 {key}（可用：{'、'.join(sorted(KEYS))}）", path=name, line=line)
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(f"{key} 的值 {value!r} 无效，应为：{'、'.join(_CHOICES[key])}",
                              path=name, line=line)
        if key == "rules":
            if not isinstance(value, str) or not value:
                raise ConfigError("rules 应为规则包路径", path=name, line=line)
            value = str((path.parent / value).resolve())
        out[key] = value
    out["_file"] = name
    return out
