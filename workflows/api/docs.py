"""Schema post-processing: every operation documents the one error shape and the statuses it can answer."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "所有错误的统一格式。",
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误码：invalid、invalid_credentials、not_authenticated、"
                                                  "authentication_failed、forbidden、not_found、conflict、"
                                                  "locked、throttled、parse_error、method_not_allowed"},
        "detail": {"type": "string", "description": "中文说明"},
        "fields": {"type": "object", "description": "各字段的错误提示（字段名 → 提示列表）",
                   "additionalProperties": {}},
    },
    "required": ["code", "detail", "fields"],
}
DESCRIPTIONS = {
    "400": "输入有误（invalid），未做任何修改",
    "401": "未登录或令牌无效（not_authenticated / authentication_failed）",
    "403": "没有该操作的权限（forbidden）",
    "404": "不存在，或不在本人可见范围内（not_found）",
    "409": "当前状态不允许该操作（conflict），未做任何修改",
    "429": "登录失败次数过多被锁定（locked），或请求过于频繁（throttled）",
}
TOKEN_PATH = "/api/v1/auth/token/"
VERIFY_PATH = "/api/v1/verify/{code}/"  # public, rate-limited


def _statuses(path: str, method: str) -> list[str]:
    if path == TOKEN_PATH:
        return ["400", "429"]
    if path == VERIFY_PATH:
        return ["400", "404", "429"] if method == "post" else ["404", "429"]
    statuses = ["401"]
    if method in {"post", "patch", "delete"}:
        statuses += ["400", "403", "409"]
    if "{" in path:
        statuses.append("404")
    return statuses


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method):
                responses.setdefault(status, {"description": DESCRIPTIONS[status], "content": reference})
    return result
