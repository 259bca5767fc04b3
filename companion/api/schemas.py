"""Shared pieces of the OpenAPI document."""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
            },
        }
    },
}


def json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def ok(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*statuses: int) -> dict:
    ref = {"$ref": "#/components/schemas/Error"}
    names = {
        400: "Bad input",
        401: "No or wrong token",
        403: "Host or origin not allowed",
        404: "Not found",
        409: "Conflict",
        413: "Body too large",
        410: "Gone (already used)",
        415: "Body is not JSON",
        503: "Unavailable for now (see Retry-After)",
    }
    return {
        str(s): {"description": names[s], "content": {"application/json": {"schema": ref}}}
        for s in statuses
    }


STANDARD_ERRORS = (400, 401, 403, 413, 415)
