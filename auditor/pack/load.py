"""Load rule packs: find the files, read them safely, validate, merge ``extends`` and overrides.

A pack is a directory of YAML files (``pack.yaml`` holds name, version, roles…; every other
``*.yaml`` holds ``rules:`` of one group) or a single YAML file holding everything. Loading
collects every problem of every file and raises one ``RulePackError`` listing them as
``file:line:col: message``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, RulePackError
from ..limits import DEFAULT_LIMITS, Limits
from ..readfile import read_regular

SCHEMA_PATH = Path(__file__).with_name("schema.json")
# overrides of these keys change how a finding is shown or gated, not what a rule finds
PRESENTATION_KEYS = frozenset({"severity", "enabled", "title", "fix", "basis", "rationale",
                               "waivable", "messages"})
PACK_FILE = "pack.yaml"


def default_pack_dir() -> Path:
    """The default pack: the copy inside an installed package (a wheel maps the repository's
    rules/ to auditor/rules at build time), else rules/default of the source checkout."""
    env = os.environ.get("AUDITOR_DEFAULT_RULES")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    installed = package / "rules" / "default"
    if installed.is_dir():
        return installed
    return package.parent / "rules" / "default"


@dataclass(slots=True)
class PackData:
    """A validated, merged pack as plain data (what the cache stores)."""

    name: str
    version: str
    description: str
    files: list[str]
    digest: str
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    negation: dict[str, Any] = field(default_factory=dict)
    boundaries: dict[str, list[str]] = field(default_factory=dict)
    truncation: dict[str, Any] = field(default_factory=dict)
    precondition: str | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)   # each with "_file", "_line"
    # pack folder or file → {rule file's name → SHA-256 of its text}: this pack's and every base's
    # (``extends``), in that order; a cached pack is used only while they are all unchanged
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)


def pack_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.suffix in (".yaml", ".yml") and p.is_file() and p.name != PACK_FILE)
        head = path / PACK_FILE
        return ([head] if head.is_file() else []) + files
    return [path]


def _read(path: Path, limits: Limits, problems: list[Problem]) -> str | None:
    shown = str(path)
    try:
        data = read_regular(path, limits.max_rule_file_bytes)
        if len(data) > limits.max_rule_file_bytes:
            problems.append(Problem(shown, f"规则文件过大（超过上限 "
                                           f"{limits.max_rule_file_bytes} 字节）"))
            return None
    except OSError as exc:
        problems.append(Problem(shown, f"无法读取规则文件：{exc.strerror or exc}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(shown, "规则文件必须是 UTF-8 编码的文本"))
        return None


def pack_schema() -> dict[str, Any]:
    """The schema of a pack file: the envelope of ``schema.json`` (pack, rules, and the
    all/any/not combinators of checks) with each check kind's settings schema added."""
    from ..checks import registry

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    check = schema["$defs"]["check"]["properties"]
    for name, fragment in registry.schemas().items():
        check[name] = fragment
    return schema


def _schema_bytes() -> bytes:
    return json.dumps(pack_schema(), sort_keys=True, ensure_ascii=False).encode()


def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(pack_schema())


def _position(positions: dict, jpath: tuple) -> tuple[int | None, int | None]:
    jpath = tuple(jpath)
    while jpath and jpath not in positions:
        jpath = jpath[:-1]
    line, col = positions.get(jpath, (None, None))
    return line, col


def _schema_message(err) -> str:
    """A Chinese message for a jsonschema error."""
    v = err.validator
    where = "/".join(str(p) for p in err.absolute_path) or "（文件顶层）"
    if v == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})] \
            if isinstance(err.instance, dict) else []
        return f"{where}：不认识的键 {', '.join(map(str, extra))}"
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"{where}：缺少必需的键 {missing}"
    if v == "enum":
        allowed = "、".join(map(str, err.validator_value))
        return f"{where}：取值 {err.instance!r} 无效，应为：{allowed}"
    if v == "type":
        return f"{where}：类型错误，应为 {err.validator_value}"
    if v == "pattern":
        return f"{where}：{err.instance!r} 的格式不对（应匹配 {err.validator_value}）"
    if v == "maximum":
        return f"{where}：{err.instance} 超过上限 {err.validator_value}"
    if v == "minimum":
        return f"{where}：{err.instance} 低于下限 {err.validator_value}"
    if v in ("minItems", "minLength", "minProperties"):
        return f"{where}：不能为空"
    if v == "maxProperties":
        return f"{where}：一个检查只能写一种检查类型（或用 all/any/not 组合）"
    if v == "anyOf" and isinstance(err.instance, dict) and all(
            isinstance(s, dict) and list(s) == ["required"] for s in err.validator_value):
        keys = " 或 ".join("、".join(s["required"]) for s in err.validator_value)
        return f"{where}：缺少 {keys}"
    return f"{where}：{err.message}"


def _check_regex(pattern: Any, where: str, problems: list[Problem], pos) -> None:
    import regex

    if not isinstance(pattern, str):
        return
    try:
        regex.compile(pattern)
    except regex.error as exc:
        problems.append(Problem(where, f"正则表达式无效：{pattern!r}（{exc}）", *pos))


def _semantic_checks(doc: dict, path: str, positions: dict, problems: list[Problem],
                     known_roles: set[str], invalid: set[int]) -> None:
    """What the schema cannot say: patterns that do not compile, roles that are not defined.
    Each check is compiled by its kind (``checks.registry.compile_tree``), which reports its
    own problems; the rules in ``invalid`` (schema errors) are left to those errors."""
    from ..checks.base import Setup
    from ..checks.registry import compile_tree

    def pos(jp: tuple) -> tuple:
        return _position(positions, jp)

    roles = doc.get("roles") or {}
    for name, conf in roles.items():
        if isinstance(conf, dict):
            for key in ("heading", "not_heading", "opening"):
                _check_regex(conf.get(key), path, problems, pos(("roles", name, key)))
            for other in conf.get("fallback_before") or []:
                if other not in known_roles:
                    problems.append(Problem(path, f"未定义的章节角色：{other}（fallback_before）",
                                            *pos(("roles", name, "fallback_before"))))
    def report(message: str, where: tuple) -> None:
        problems.append(Problem(path, message, *pos(where)))

    setup = Setup(known_roles, report)
    for i, rule in enumerate(doc.get("rules") or []):
        if not isinstance(rule, dict) or i in invalid:
            continue
        for key in ("check", "partial_when"):
            if key in rule:
                compile_tree(rule[key], setup, ("rules", i, key))


def _digest(files: list[tuple[Path, str]]) -> str:
    from .. import __version__

    h = hashlib.sha256(f"auditor {__version__}\n".encode())
    h.update(_schema_bytes())
    for p, text in files:  # names, not paths: the same pack has the same digest anywhere
        h.update(p.name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


def _cache_key(digest: str, root: Path) -> str:
    """The cache entry also depends on where the pack lives (rules remember their file) and
    on where ``extends: default`` leads."""
    text = f"{digest}\0{root.resolve()}\0{default_pack_dir().resolve()}"
    return hashlib.sha256(text.encode()).hexdigest()


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_pack_data(path: str | os.PathLike[str] | None = None, *,
                   limits: Limits = DEFAULT_LIMITS, _seen: tuple[Path, ...] = ()) -> PackData:
    """Read, validate and merge one pack (following ``extends``)."""
    root = Path(path) if path is not None else default_pack_dir()
    if not root.exists():
        raise RulePackError("找不到规则包（文件或目录不存在）", path=str(root))
    root_key = root.resolve()
    if root_key in _seen:
        raise RulePackError("规则包的 extends 形成了循环", path=str(root))
    files = pack_files(root)
    if not files:
        raise RulePackError("目录中没有规则文件（*.yaml）", path=str(root))

    problems: list[Problem] = []
    texts: list[tuple[Path, str]] = []
    for f in files:
        text = _read(f, limits, problems)
        if text is not None:
            texts.append((f, text))
    digest = _digest(texts)

    cache_key = _cache_key(digest, root)
    cached = _cache_get(cache_key, limits) if not problems else None
    if cached is not None:
        return cached

    from .yamlsafe import YamlProblems, load_with_positions

    parsed: list[tuple[str, dict, dict]] = []
    for f, text in texts:
        try:
            data, positions = load_with_positions(text, str(f))
        except YamlProblems as exc:
            problems.extend(exc.problems)
            continue
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.append(Problem(str(f), "规则文件的顶层必须是映射（name/version/rules…）", 1, 1))
            continue
        parsed.append((str(f), data, positions))

    validator = _validator()
    invalid_rules: dict[str, set[int]] = {}
    for fname, data, positions in parsed:
        invalid_rules[fname] = set()
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            line, col = _position(positions, tuple(err.absolute_path))
            problems.append(Problem(fname, _schema_message(err), line, col))
            where = tuple(err.absolute_path)
            if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
                invalid_rules[fname].add(where[1])

    # the header: pack.yaml, or the single file
    header: dict[str, Any] = {}
    for fname, data, _ in parsed:
        if Path(fname).name == PACK_FILE or len(parsed) == 1:
            header = data
            break
    base: PackData | None = None
    if isinstance(header.get("extends"), str):
        target = header["extends"]
        base_path = None if target == "default" else (root if root.is_dir() else root.parent) / target
        try:
            base = load_pack_data(base_path, limits=limits, _seen=_seen + (root_key,))
        except RulePackError as exc:
            problems.extend(exc.problems)

    roles: dict[str, dict[str, Any]] = dict(base.roles) if base else {}
    for _, data, _ in parsed:
        if isinstance(data.get("roles"), dict):
            roles.update(data["roles"])
    known_roles = set(roles)
    for fname, data, positions in parsed:
        _semantic_checks(data, fname, positions, problems, known_roles, invalid_rules[fname])

    rules: list[dict[str, Any]] = [dict(r) for r in base.rules] if base else []
    index = {r["id"]: i for i, r in enumerate(rules)}
    own_ids: dict[str, str] = {}
    for fname, data, positions in parsed:
        group = Path(fname).stem
        for i, rule in enumerate(data.get("rules") or []):
            if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
                continue
            line, col = _position(positions, ("rules", i))
            rid = rule["id"]
            if rid in own_ids:
                problems.append(Problem(fname, f"规则 id 重复：{rid}（已在 {own_ids[rid]} 中定义）",
                                        line, col))
                continue
            own_ids[rid] = f"{fname}:{line}"
            entry = dict(rule, _file=fname, _line=line or 0)
            entry.setdefault("group", rule.get("group") or group)
            if rid in index:          # a derived pack may redefine a rule wholesale
                rules[index[rid]] = entry
            else:
                index[rid] = len(rules)
                rules.append(entry)

    for fname, data, positions in parsed:
        for rid, ov in (data.get("overrides") or {}).items():
            if rid not in index:
                line, col = _position(positions, ("overrides", rid))
                problems.append(Problem(fname, f"overrides 指向不存在的规则：{rid}", line, col))
                continue
            if isinstance(ov, dict):
                merged = {**rules[index[rid]], **ov}
                if "examples" not in ov and set(ov) - PRESENTATION_KEYS:
                    # the inherited examples were written for the rule before this change: kept
                    # for `rules show`, marked so that `rules test` does not hold the pack to them
                    merged["examples"] = [dict(ex, _superseded_by=fname)
                                          for ex in merged.get("examples") or ()]
                rules[index[rid]] = merged

    order = header.get("groups") or []
    if order:  # the order a reader meets the groups in: statutory elements first
        rank = {g: i for i, g in enumerate(order)}
        rules.sort(key=lambda r: rank.get(r.get("group", ""), len(rank)))
    precondition = header.get("precondition", base.precondition if base else None)
    if precondition and precondition not in index:
        problems.append(Problem(str(files[0]), f"precondition 指向不存在的规则：{precondition}"))

    if problems:
        # de-duplicate while keeping order (a schema and a semantic check may say the same)
        first: dict[str, Problem] = {}
        for problem in problems:
            first.setdefault(str(problem), problem)
        unique = list(first.values())
        raise RulePackError(f"规则包有 {len(unique)} 处错误", path=str(root), problems=unique)

    negation = dict(base.negation) if base else {}
    negation.update(header.get("negation") or {})
    boundaries = dict(base.boundaries) if base else {}
    boundaries.update(header.get("boundaries") or {})
    truncation = dict(header.get("truncation") or (base.truncation if base else {}))
    inputs = {str(root_key): {f.name: _text_hash(text) for f, text in texts}}
    if base:
        inputs.update(base.inputs)
        # the digest names what the pack runs: its own files and, through its digest, the base's
        digest = hashlib.sha256(f"{digest}\0{base.digest}".encode()).hexdigest()
    pack = PackData(
        name=str(header.get("name") or (base.name if base else root.stem)),
        version=str(header.get("version") or (base.version if base else "0")),
        description=str(header.get("description") or (base.description if base else "")),
        files=[str(f) for f, _ in texts] + (base.files if base else []),
        digest=digest, roles=roles, negation=negation, boundaries=boundaries,
        truncation=truncation, precondition=precondition, rules=rules, inputs=inputs,
    )
    _cache_put(cache_key, pack)
    return pack


# -- cache ------------------------------------------------------------------------------------
# A validated pack is stored under the hash of its own files, the schema, the auditor's version
# and its location; the entry lists every file that went into it (the bases' too), and is used
# only while each of them still has the content it had (and no base gained or lost a file).

_PACK_TYPES: dict[str, Any] = {"name": str, "version": str, "description": str, "files": list,
                               "digest": str, "roles": dict, "negation": dict,
                               "boundaries": dict, "truncation": dict,
                               "precondition": (str, type(None)), "rules": list, "inputs": dict}


def _cache_get(key: str, limits: Limits) -> PackData | None:
    from ..cache import load_json

    data = load_json("packs", key)
    if not (isinstance(data, dict) and data.keys() == _PACK_TYPES.keys()
            and all(isinstance(data[k], t) for k, t in _PACK_TYPES.items())
            and all(isinstance(r, dict) for r in data["rules"])):
        return None
    inputs = data["inputs"]
    for root, recorded in list(inputs.items())[1:]:     # the pack's own files are in the key
        if not isinstance(recorded, dict) or not _unchanged(Path(root), recorded, limits):
            return None
    return PackData(**data)


def _unchanged(root: Path, recorded: dict[str, str], limits: Limits) -> bool:
    """Whether the rule files of ``root`` are those ``recorded``, with the same content."""
    try:
        files = pack_files(root)
    except OSError:
        return False
    if sorted(f.name for f in files) != sorted(recorded):
        return False
    problems: list[Problem] = []
    for f in files:
        text = _read(f, limits, problems)
        if text is None or _text_hash(text) != recorded[f.name]:
            return False
    return True


def _cache_put(key: str, pack: PackData) -> None:
    from ..cache import store_json

    store_json("packs", key, asdict(pack))
