"""Schema post-processing: every operation documents the one error shape and the statuses it can answer, decided
here in one place rather than on each view."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "所有错误的统一格式。",
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误码：invalid、invalid_credentials、not_authenticated、"
                                                  "authentication_failed、token_expired、forbidden、"
                                                  "password_change_required、not_found、conflict、locked、"
                                                  "rate_limited、throttled、parse_error、method_not_allowed"},
        "detail": {"type": "string", "description": "中文说明"},
        "fields": {"type": "object", "description": "各字段的错误提示（字段名 → 提示列表）",
                   "additionalProperties": {}},
    },
    "required": ["code", "detail", "fields"],
}
DESCRIPTIONS = {
    "400": "输入有误（invalid）：请求体或查询参数不符合说明，未做任何修改",
    "401": "未登录或令牌无效（not_authenticated / authentication_failed）",
    "403": "没有该操作的权限（forbidden），或须先在网页上修改密码（password_change_required）",
    "404": "不存在，或不在本人可见范围内，或页码超出末页（not_found）",
    "409": "当前状态不允许该操作（conflict），未做任何修改",
    "429": "登录失败次数过多被锁定（locked），或请求过于频繁（throttled）",
}
TOKEN_PATH = "/api/v1/auth/token/"
VERIFY_PATH = "/api/v1/verify/{code}/"  # public, rate-limited


def _statuses(path: str, method: str, operation: dict) -> list[str]:
    """What an operation can answer besides its success, read from its path, method and query parameters."""
    if path == TOKEN_PATH:
        return ["400", "429"]
    if path == VERIFY_PATH:
        return ["400", "404", "429"] if method == "post" else ["404", "429"]
    query = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
    # 403 on any endpoint for a user whose password must be changed first, besides the endpoints' own refusals.
    statuses = ["401", "403"]
    if method in {"post", "patch", "delete"} or query:  # a body, or a query parameter, that is not what it says
        statuses.append("400")
    if method in {"post", "patch", "delete"}:
        statuses.append("409")
    if "{" in path or "page" in query:  # an id not in sight, or a page past the last
        statuses.append("404")
    return statuses


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                responses.setdefault(status, {"description": DESCRIPTIONS[status], "content": reference})
    return result
