"""Validate Socket.IO payloads: type, size and range, before anything else reads them."""


MAX_TEXT = 1000  # any text field: longer is `bad_request` before any rule reads it


class BadRequest(ValueError):
    """The payload is not of the documented shape; the message names the field."""


def obj(payload) -> dict:
    if not isinstance(payload, dict) or len(payload) > 16:
        raise BadRequest("payload must be an object")
    return payload


def text(payload: dict, name: str, max_length: int, required: bool = True) -> str:
    value = payload.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > max_length or (required and not value):
        raise BadRequest(f"'{name}' must be a string of at most {max_length} characters")
    return value


def integer(payload: dict, name: str, low: int, high: int) -> int:
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest(f"'{name}' must be an integer in {low}..{high}")
    return value


# Indices are checked for shape here (a list of at most MAX_INDICES integers); whether each is in
# range for the question is the engine's `invalid_answer`, as docs/protocol.md says.
MAX_INDICES = 6
INDEX_BOUND = 2**31


def int_list(payload: dict, name: str, max_items: int = MAX_INDICES) -> list[int] | None:
    value = payload.get(name)
    if value is None:
        return None
    if (not isinstance(value, list) or not 0 < len(value) <= max_items
            or not all(isinstance(v, int) and not isinstance(v, bool)
                       and -INDEX_BOUND < v < INDEX_BOUND for v in value)):
        raise BadRequest(f"'{name}' must be a list of 1-{max_items} integers")
    return value


def answer_fields(payload: dict) -> dict:
    """Return the SubmitAnswer fields of an `answer` payload: choices, text or order."""
    fields = {}
    choices = int_list(payload, "choices")
    if choices is not None:
        fields["choices"] = choices
    if "choice" in payload:  # a single index: the same as "choices": [index]
        fields["choices"] = [integer(payload, "choice", -INDEX_BOUND + 1, INDEX_BOUND - 1)]
    if payload.get("text") is not None:
        fields["text"] = text(payload, "text", 200)
    order = int_list(payload, "order")
    if order is not None:
        fields["order"] = order
    if len(fields) != 1:
        raise BadRequest("send exactly one of 'choices', 'text' or 'order'")
    return fields
