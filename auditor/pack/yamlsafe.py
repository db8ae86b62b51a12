"""Safe YAML for rule packs: plain data only, with the position of every value.

- Aliases (``*name``) are refused before anything is built, so an exponential "billion
  laughs" file costs one pass over its events.
- Only the standard scalar tags are accepted; ``!!python/object`` and any custom tag are
  refused with their position.
- The file size is bounded before parsing.

``load_with_positions`` returns the data and a dict from JSON path (a tuple of keys and list
indices) to (line, column), both 1-based, so schema errors can point into the file.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem


Path_ = tuple  # a JSON path: tuple of str keys and int indices

_STD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp",
}


class YamlProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _loader_cls():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _position(mark: Any) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of a YAML event's start mark (None when it has none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def load_with_positions(text: str, path: str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    import yaml

    loader_cls = _loader_cls()
    # 1. events only: refuse aliases and foreign tags without building anything
    problems: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=loader_cls):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(path, "规则文件不允许使用 YAML 别名（*引用），请直接写出内容",
                                        *_position(mark)))
                break
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in _STD_TAGS:
                problems.append(Problem(path, f"不允许的 YAML 标签 {tag}：规则文件只能包含普通数据",
                                        *_position(mark)))
                break
    except yaml.YAMLError as exc:
        raise YamlProblems([_yaml_error_problem(exc, path)]) from None
    if problems:
        raise YamlProblems(problems)

    # 2. compose the node tree and convert it, recording positions
    try:
        node = yaml.compose(text, Loader=loader_cls)
    except yaml.YAMLError as exc:
        raise YamlProblems([_yaml_error_problem(exc, path)]) from None
    if node is None:
        return None, {}
    positions: dict[Path_, tuple[int, int]] = {}
    construct = loader_cls("").construct_object  # for scalars: the standard resolution
    data = _convert(node, (), positions, construct, path)
    return data, positions


# PyYAML's most frequent complaints, in Chinese; anything else is shown as PyYAML says it
_YAML_PROBLEMS_ZH = (
    ("mapping values are not allowed", "此处不能写“键: 值”（多半是缩进不对，或值里的冒号需要加引号）"),
    ("did not find expected node content", "缺少内容（多半是列表或映射没有写完）"),
    ("did not find expected key", "缺少键（多半是缩进不对）"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束（缺少逗号或 ]）"),
    ("did not find expected ',' or '}'", "花括号映射没有正确结束（缺少逗号或 }）"),
    ("found character '\\t' that cannot start any token", "不能用 Tab 缩进，请改用空格"),
    ("found unexpected end of stream", "文件在引号或括号中途结束"),
    ("found undefined alias", "引用了未定义的别名"),
    ("expected <block end>, but found", "缩进层次不一致"),
    ("could not find expected ':'", "缺少冒号（“键: 值”）"),
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),
)


def _problem_zh(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS_ZH:
        if problem.startswith(english):
            return chinese
    return problem


def _yaml_error_problem(exc: Exception, path: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    msg = f"不是有效的 YAML：{_problem_zh(problem)}"
    if mark is not None:
        return Problem(path, msg, mark.line + 1, mark.column + 1)
    return Problem(path, msg)


def _convert(node, jpath: Path_, positions, construct, path: str) -> Any:
    import yaml

    # iterative conversion would be nicer, but pack files are bounded in size and YAML
    # nesting in a rule file is shallow; guard the depth anyway.
    if len(jpath) > 64:
        raise YamlProblems([Problem(path, "规则文件嵌套过深", node.start_mark.line + 1,
                                    node.start_mark.column + 1)])
    positions[jpath] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblems([Problem(path, "映射的键必须是简单值",
                                            key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1)])
            key = key_node.value
            if key == "<<":
                raise YamlProblems([Problem(path, "规则文件不允许使用 YAML 合并键（<<）",
                                            key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1)])
            if key in out:
                raise YamlProblems([Problem(path, f"重复的键：{key}", key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1)])
            out[key] = _convert(value_node, jpath + (key,), positions, construct, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, jpath + (i,), positions, construct, path)
                for i, item in enumerate(node.value)]
    value = construct(node)
    if hasattr(value, "isoformat"):  # dates stay strings: the schema says what it wants
        return node.value
    return value
