#!/usr/bin/env python3
"""Checks the event JSON Schemas and, optionally, event payloads against them.

Usage: python3 .ci/validate_event_schemas.py SCHEMA_DIR [PAYLOAD_DIR]

For every `*.schema.json` in SCHEMA_DIR:
  - the file name matches `<Type>.v<N>.schema.json`;
  - it is valid JSON (no duplicate keys) and a valid draft 2020-12 schema;
  - `$schema` is the 2020-12 meta-schema and `$id` ends with the file name;
  - every object schema in it, however deep, has `"additionalProperties": false`;
  - it has at least one example, and every example validates against it.

If PAYLOAD_DIR is given, every line of every `*.ndjson` file there is
`{"type": "...", "schema_version": N, "payload": {...}}`, and the payload is validated against
`<type>.v<N>.schema.json` from SCHEMA_DIR (a missing schema is an error).

Prints one line per problem (`file:line: message`), per-type payload counts, and finally
`N passed, M failed`, where N and M count validated documents (examples and payload lines).
Exits 1 if any document failed, any schema had a problem, or PAYLOAD_DIR held no payload lines;
otherwise 0. Exits 2 on a usage error.

Two checks are stricter than plain JSON Schema, to match the Swift reader (`JSONReader`):
`integer` accepts only integer literals (not `1.0`), and `NaN`/`Infinity` are rejected.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator

try:
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import SchemaError
except ImportError:  # pragma: no cover
    sys.stderr.write("error: the `jsonschema` package is required (pip install jsonschema)\n")
    sys.exit(2)

META_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*\.v[0-9]+\.schema\.json$")
TYPE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
MAX_MESSAGE = 300


# --------------------------------------------------------------------------- validator class

def _is_strict_integer(_checker: Any, instance: Any) -> bool:
    # JSON Schema counts 1.0 as an integer; the Swift reader (readInt) does not.
    return isinstance(instance, int) and not isinstance(instance, bool)


StrictValidator = jsonschema.validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_strict_integer),
)
FORMAT_CHECKER = FormatChecker()


# --------------------------------------------------------------------------- JSON reading

class DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(text: str) -> Any:
    """Strict JSON: no duplicate keys, no NaN/Infinity."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def value_offsets(text: str) -> dict[str, int]:
    """Maps the JSON pointer of every value in `text` to its character offset (for line numbers).

    Only called on text that `loads` already accepted.
    """
    offsets: dict[str, int] = {}

    def ws(i: int) -> int:
        return _WS.match(text, i).end()

    def value(i: int, pointer: str) -> int:
        i = ws(i)
        offsets[pointer] = i
        if text[i] == "{":
            i = ws(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                key, i = _DECODER.raw_decode(text, ws(i))
                i = ws(i) + 1  # ':'
                i = ws(value(i, pointer + "/" + key.replace("~", "~0").replace("/", "~1")))
                if text[i] == "}":
                    return i + 1
                i += 1  # ','
        if text[i] == "[":
            i = ws(i + 1)
            if text[i] == "]":
                return i + 1
            index = 0
            while True:
                i = ws(value(i, f"{pointer}/{index}"))
                index += 1
                if text[i] == "]":
                    return i + 1
                i += 1  # ','
        _, end = _DECODER.raw_decode(text, i)
        return end

    value(0, "")
    return offsets


def pointer_of(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def line_of(text: str, offsets: dict[str, int], pointer: str) -> int:
    """Line of the deepest known value on the way to `pointer`."""
    while pointer and pointer not in offsets:
        pointer = pointer.rsplit("/", 1)[0]
    return text.count("\n", 0, offsets.get(pointer, 0)) + 1


def one_line(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


# --------------------------------------------------------------------------- schema walking

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = ("items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
               "propertyNames", "not", "if", "then", "else", "contentSchema")
_SCHEMA_LISTS = ("prefixItems", "allOf", "anyOf", "oneOf")


def subschemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yields (pointer, subschema) for `schema` and every schema nested in it, skipping data
    keywords such as `examples`, `enum`, `const` and `default`."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for keyword in _SCHEMA_MAPS:
        children = schema.get(keyword)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from subschemas(child, pointer_of([*_split(pointer), keyword, name]))
    for keyword in _SCHEMA_ONE:
        yield from subschemas(schema.get(keyword), pointer_of([*_split(pointer), keyword]))
    for keyword in _SCHEMA_LISTS:
        children = schema.get(keyword)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield from subschemas(child, pointer_of([*_split(pointer), keyword, index]))


def _split(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []


def is_object_schema(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        return True
    return any(k in schema for k in ("properties", "patternProperties"))


# --------------------------------------------------------------------------- the run

class Run:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.schema_problems = 0

    def problem(self, where: str, message: str) -> None:
        print(f"{where}: {one_line(message)}")

    def validate(self, validator: Any, instance: Any, where_of: Any) -> bool:
        """Validates one document; prints one line per error; counts it. `where_of(path)` names the
        file and line of an error at a path inside the instance."""
        errors = sorted(validator.iter_errors(instance), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        for error in errors:
            at = pointer_of(error.absolute_path) or "/"
            self.problem(where_of(error.absolute_path), f"{at}: {error.message}")
        if errors:
            self.failed += 1
            return False
        self.passed += 1
        return True


class Schema:
    def __init__(self, path: Path, text: str, document: Any, validator: Any | None) -> None:
        self.path = path
        self.text = text
        self.document = document
        self.validator = validator  # None when the schema itself is unusable


def check_schemas(schema_dir: Path, run: Run) -> dict[str, Schema]:
    schemas: dict[str, Schema] = {}
    paths = sorted(schema_dir.glob("*.schema.json"))
    if not paths:
        run.schema_problems += 1
        run.problem(str(schema_dir), "no *.schema.json files found")
    for path in paths:
        name = path.name
        shown = str(path)

        def schema_problem(line: int, message: str) -> None:
            run.schema_problems += 1
            run.problem(f"{shown}:{line}", message)

        if not FILE_NAME.match(name):
            schema_problem(1, r"file name does not match ^[A-Z][A-Za-z0-9]*\.v[0-9]+\.schema\.json$")
        try:
            text = path.read_text(encoding="utf-8")
            document = loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            line = getattr(error, "lineno", 1)
            schema_problem(line, f"cannot read schema: {error}")
            schemas[name] = Schema(path, "", None, None)
            continue
        offsets = value_offsets(text)

        def line(pointer: str) -> int:
            return line_of(text, offsets, pointer)

        if not isinstance(document, dict):
            schema_problem(1, "schema is not a JSON object")
            schemas[name] = Schema(path, text, document, None)
            continue

        usable = True
        try:
            Draft202012Validator.check_schema(document)
        except SchemaError as error:
            usable = False
            schema_problem(line(pointer_of(error.path)), f"not a valid draft 2020-12 schema: {error.message}")

        if document.get("$schema") != META_SCHEMA:
            schema_problem(line("/$schema"), f'"$schema" must be "{META_SCHEMA}"')
        schema_id = document.get("$id")
        if not (isinstance(schema_id, str) and schema_id.endswith("/" + name)):
            schema_problem(line("/$id"), f'"$id" must end with "/{name}"')

        for pointer, sub in subschemas(document):
            if is_object_schema(sub) and sub.get("additionalProperties") is not False:
                schema_problem(line(pointer), f"object schema at {pointer or '/'} lacks \"additionalProperties\": false")

        validator = StrictValidator(document, format_checker=FORMAT_CHECKER) if usable else None
        schemas[name] = Schema(path, text, document, validator)

        examples = document.get("examples")
        if not isinstance(examples, list) or not examples:
            schema_problem(line("/examples"), '"examples" must be a non-empty array')
            continue
        for index, example in enumerate(examples):
            base = f"/examples/{index}"
            if validator is None:
                run.failed += 1
                run.problem(f"{shown}:{line(base)}", f"examples[{index}] not validated: the schema is invalid")
                continue
            run.validate(
                validator, example,
                lambda parts, base=base: f"{shown}:{line(base + pointer_of(parts))}: examples[{index}]",
            )
    return schemas


def check_payloads(payload_dir: Path, schemas: dict[str, Schema], run: Run) -> int:
    """Validates every payload line; returns how many lines were seen."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    lines_seen = 0
    files = sorted(payload_dir.glob("*.ndjson"))
    for path in files:
        shown = str(path)
        try:
            handle = path.open(encoding="utf-8")
        except OSError as error:
            run.failed += 1
            run.problem(shown, f"cannot read: {error}")
            continue
        with handle:
            try:
                numbered = list(enumerate(handle, start=1))
            except UnicodeDecodeError as error:
                run.failed += 1
                run.problem(shown, f"not UTF-8: {error}")
                continue
        for number, raw in numbered:
            if not raw.strip():
                continue
            lines_seen += 1
            where = f"{shown}:{number}"

            def fail(message: str, key: str = "(unreadable)") -> None:
                run.failed += 1
                counts[key]["failed"] += 1
                run.problem(where, message)

            try:
                record = loads(raw)
            except ValueError as error:
                fail(f"not valid JSON: {error}")
                continue
            if not isinstance(record, dict):
                fail("line is not a JSON object")
                continue
            event_type = record.get("type")
            version = record.get("schema_version")
            if not isinstance(event_type, str) or not TYPE_NAME.match(event_type):
                fail(f'"type" must be an event type name, found {json.dumps(event_type)}')
                continue
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                fail(f'"schema_version" must be a positive integer, found {json.dumps(version)}', event_type)
                continue
            key = f"{event_type} v{version}"
            if "payload" not in record:
                fail('line lacks "payload"', key)
                continue
            schema_name = f"{event_type}.v{version}.schema.json"
            schema = schemas.get(schema_name)
            if schema is None:
                fail(f"no schema {schema_name} in the schema directory", key)
                continue
            if schema.validator is None:
                fail(f"schema {schema_name} is invalid; payload not validated", key)
                continue
            ok = run.validate(schema.validator, record["payload"], lambda _parts: f"{where}: {key} payload")
            counts[key]["passed" if ok else "failed"] += 1

    if not files:
        print(f"{payload_dir}: no *.ndjson files found, so no payloads were validated (this fails the run)")
    elif lines_seen == 0:
        print(f"{payload_dir}: the *.ndjson files hold no payload lines, so none were validated (this fails the run)")
    if counts:
        print("payloads by type:")
        for key in sorted(counts):
            print(f"  {key}: {counts[key]['passed']} passed, {counts[key]['failed']} failed")
    return lines_seen


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: python3 .ci/validate_event_schemas.py SCHEMA_DIR [PAYLOAD_DIR]\n")
        return 2
    schema_dir = Path(argv[1])
    payload_dir = Path(argv[2]) if len(argv) == 3 else None
    for directory in (schema_dir, payload_dir):
        if directory is not None and not directory.is_dir():
            sys.stderr.write(f"error: {directory} is not a directory\n")
            return 2

    run = Run()
    schemas = check_schemas(schema_dir, run)
    empty_payloads = False
    if payload_dir is not None:
        empty_payloads = check_payloads(payload_dir, schemas, run) == 0

    if run.schema_problems:
        print(f"{run.schema_problems} schema problem(s)")
    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed or run.schema_problems or empty_payloads else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
