"""Large-form benchmark: a 100-field layout with 20 conditions — save the definition, validate a submission.

Large forms are a known pain point in peer products. The layout has every field type (text, number,
date, choice, NIK, NIB, NPWP, phone, email, address, file, repeatable groups) and 20 conditions
(`show_if` / `required_if` on earlier choices). Measured in-process on a fresh PostgreSQL database
`loket_bench_form` (on the server of DATABASE_URL), median of N runs:

  save_ms         `applications.services.save_form` (layout check, JSON Schema, UPDATE, audit event)
  validate_ms     `FormSpec.validate` of a full submission with the compiled validator (as submissions
                  run it: `form_spec` compiles once per form version and process)
  validate_cold_ms the same with a fresh FormSpec (schema build and validator compile included)

For scale, the floor: one UPDATE of the same JSON into the same row (`save_floor_ms`). Merges the
figures into bench/results.json under "form_100_fields". Target: under 100 ms each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/form_100_fields.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

LIMIT_MS = 100
CHOICE = [{"value": "ya", "label": {"id": "Ya", "en": "Yes"}}, {"value": "tidak", "label": {"id": "Tidak", "en": "No"}}]


def layout() -> tuple[list[dict], dict]:
    """(100 fields with 20 conditions, a full valid submission that shows every conditional field)."""
    fields: list[dict] = []
    answers: dict = {}

    def add(field: dict, value) -> None:
        field.setdefault("label", {"id": f"Isian {len(fields) + 1}", "en": f"Field {len(fields) + 1}"})
        fields.append(field)
        if value is not None:
            answers[field["key"]] = value

    conditions = 0
    for block in range(10):  # 10 blocks of 10 fields, each with one switch and two conditional fields
        switch = f"ada_{block}"
        add({"key": switch, "type": "choice", "required": True, "options": CHOICE}, "ya")
        add({"key": f"nama_{block}", "type": "text", "required": True, "max_length": 200}, f"Nama ke-{block}")
        add({"key": f"nik_{block}", "type": "nik", "required": True}, "3273014101900001")
        add(
            {"key": f"hp_{block}", "type": "phone", "show_if": {"field": switch, "equals": "ya"}, "required": True},
            "0812 3456 7890",
        )
        add(
            {"key": f"email_{block}", "type": "email", "required_if": {"field": switch, "equals": "ya"}},
            f"warga{block}@example.id",
        )
        conditions += 2
        add({"key": f"tanggal_{block}", "type": "date", "required": True}, "2024-05-17")
        add({"key": f"jumlah_{block}", "type": "number", "min": 0, "max": 1000}, 12)
        add(
            {"key": f"alamat_{block}", "type": "address", "required": True},
            {"region": "32.73", "street": f"Jl. Merdeka No. {block}", "postal_code": "40111"},
        )
        kind = ("nib", "npwp", "textarea", "file", "text")[block % 5]
        value = {
            "nib": "1234567890123",
            "npwp": "01.234.567.8-901.000",
            "textarea": "Uraian kegiatan usaha.",
            "file": "3f2b8c1e-0000-4000-8000-000000000000",
            "text": "Lain-lain",
        }[kind]
        add({"key": f"lain_{block}", "type": kind}, value)
        if block % 2 == 0:  # a repeatable group (its inner fields count as fields)
            add(
                {
                    "key": f"anggota_{block}",
                    "type": "group",
                    "repeat": {"min": 0, "max": 10},
                    "fields": [
                        {"key": "nama", "type": "text", "label": {"id": "Nama anggota"}, "required": True},
                    ],
                },
                [{"nama": "Asep"}, {"nama": "Euis"}, {"nama": "Ujang"}],
            )
        else:
            add({"key": f"catatan_{block}", "type": "textarea"}, "Tidak ada catatan.")
    assert len(fields) == 100 and conditions == 20, (len(fields), conditions)
    return fields, answers


def seed():
    from django.contrib.auth import get_user_model

    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.org.models import Agency, Region, Role, RoleAssignment

    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    agency = Agency.objects.create(region=bandung, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung")
    editor = get_user_model().objects.create_user("editor", "editor@example.go.id", "rahasia-bench-123")
    RoleAssignment.objects.create(user=editor, role=Role.CATALOGUE_EDITOR, agency=agency)
    category = Category.objects.create(slug="perizinan", name_id="Perizinan")
    service = catalogue.create_service(
        actor=editor, agency=agency, code="izin-besar", name_id="Izin Berformulir Besar", category=category
    )
    return editor, catalogue.open_draft(actor=editor, service=service)


def median_ms(action, repeat: int) -> float:
    action()
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return round(statistics.median(timings) * 1000, 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", default="loket_bench_form")
    args = parser.parse_args(argv)
    began = time.perf_counter()

    database_url = common.database_url_named(args.database)
    common.fresh_database(database_url)

    import json

    from django.db import connection

    from loket.applications import services as applications
    from loket.applications.formspec import FormSpec
    from loket.applications.models import FormDefinition

    fields, answers = layout()
    inner = sum(len(field.get("fields", [])) for field in fields)
    conditions = sum(1 for field in fields if field.get("show_if") or field.get("required_if"))
    editor, draft = seed()

    def save():
        applications.save_form(actor=editor, standard=draft, fields=fields)

    save()
    form_id = FormDefinition.objects.get(standard=draft).pk
    payload = json.dumps(fields)

    def save_floor():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE applications_formdefinition SET fields = %s WHERE id = %s", [payload, form_id])

    spec = FormSpec(fields)
    cleaned, errors = spec.validate(answers)
    assert not errors, errors
    assert len(cleaned) == len(fields)

    def validate():
        spec.validate(answers)

    def validate_cold():
        FormSpec(fields).validate(answers)

    figures = {
        "save_ms": median_ms(save, args.repeat),
        "validate_ms": median_ms(validate, args.repeat * 3),
        "validate_cold_ms": median_ms(validate_cold, args.repeat),
        "save_floor_ms": median_ms(save_floor, args.repeat),
    }
    print(
        f"Formulir: {len(fields)} isian utama + {inner} di dalam grup berulang, {conditions} syarat; "
        f"median dari {args.repeat} kali"
    )
    print()
    common.print_table(
        ["measure", "median ms", "limit ms"],
        [
            ["save_form (layout check, schema, UPDATE, audit)", figures["save_ms"], LIMIT_MS],
            ["FormSpec.validate, compiled (as on submit)", figures["validate_ms"], LIMIT_MS],
            ["FormSpec.validate, fresh spec (compile included)", figures["validate_cold_ms"], ""],
            ["floor: one UPDATE of the same JSON", figures["save_floor_ms"], ""],
        ],
    )
    result = {**figures, "fields": len(fields), "group_fields": inner, "conditions": conditions, "repeat": args.repeat}
    common.save_result("form_100_fields", result)
    print(
        f"\n{{save_ms: {figures['save_ms']}, validate_ms: {figures['validate_ms']}}}  "
        f"({time.perf_counter() - began:.0f} s in all)"
    )
    failures = [name for name in ("save_ms", "validate_ms") if figures[name] >= LIMIT_MS]
    print(
        f"Target: save and validate under {LIMIT_MS} ms each — "
        + ("met." if not failures else "NOT met: " + ", ".join(failures))
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
