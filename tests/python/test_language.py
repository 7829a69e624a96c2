"""What the core knows about its language and inputs: sniff, registry, the module docstring,
output formats and error categories, in CPython and in Pyodide."""
import csv_kernels


def test_sniff_returns_the_cores_dialect_as_a_dict(tmp_path):
    data = b'id|name\n1|"a|b"\n2|c\n'
    found = csv_kernels.sniff(data)
    reason = found.pop("reason")
    assert found == {"delimiter": "|", "quote": '"', "header": True, "columns": 2, "rows": 3}
    assert reason.startswith("delimiter '|': 3 of 3 rows have 2 fields; quote '\"' (1 quoted fields); ")
    assert csv_kernels.sniff(b"") == {
        "delimiter": ",", "quote": None, "header": True, "columns": 0, "rows": 0,
        "reason": "empty input: the defaults",
    }
    tabs = csv_kernels.sniff(bytearray(b"1\t2\n3\t4\n"))
    assert (tabs["delimiter"], tabs["quote"], tabs["columns"]) == ("\t", None, 2)
    path = tmp_path / "semi.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 40_000)  # 160 KB: only the start is read
    from_path = csv_kernels.sniff(path)
    assert (from_path["delimiter"], from_path["header"]) == (";", True)
    assert from_path == csv_kernels.sniff(str(path))


def test_sniffed_options_work_as_keywords():
    data = b"a;b\n1;2\n"
    found = csv_kernels.sniff(data)
    options = {key: found[key] for key in ("delimiter", "header")}
    assert csv_kernels.run("select b", data, **options) == b"b\n2\n"
    assert csv_kernels.run("select b", data, sniff=True) == b"b\n2\n"
    assert csv_kernels.run("select #2", data, sniff="dialect", header=False) == b"b\n2\n"


def test_registry_lists_steps_functions_and_aggregates():
    registry = csv_kernels.registry()
    blocking = [step["name"] for step in registry["steps"] if not step["streaming"]]
    assert blocking == ["sort", "group", "aggregate", "distinct", "top"]
    take = next(step for step in registry["steps"] if step["name"] == "take")
    assert take["aliases"] == ["limit"] and take["syntax"] == "take integer"
    functions = {f["name"]: f for f in registry["functions"]}
    assert functions["substr"]["signature"] == "substr(x: text, start: int[, len: int]) -> text"
    assert (functions["substr"]["min_args"], functions["substr"]["max_args"]) == (2, 3)
    assert functions["substr"]["params"][2] == {"name": "len", "type": "int", "optional": True}
    assert functions["coalesce"]["max_args"] is None and functions["coalesce"]["variadic"]
    for name in ["digit_factorial_sum", "is_prime", "date_diff", "split_part", "format_date"]:
        assert name in functions
    assert "median" in [a["name"] for a in registry["aggregates"]]
    assert registry["types"] == ["int", "float", "text", "bool", "date", "datetime"]
    assert registry["formats"] == ["csv", "tsv", "ndjson", "json", "arrow"]
    assert registry["options"] == csv_kernels.OPTION_NAMES


def test_the_module_docstring_is_the_language_reference():
    doc = csv_kernels.__doc__
    assert "filter expr" in doc
    assert "lower(x: text) -> text" in doc
    for f in csv_kernels.registry()["functions"]:
        assert f["signature"] in doc


def test_format_keyword_writes_exact_json_and_ndjson():
    data = b'id,x,s\n1,7,ab\n2,,"q""t"\n'
    ndjson = csv_kernels.run("derive n = x * 2, ok = x > 0", data, format="ndjson")
    assert ndjson == (b'{"id":"1","x":"7","s":"ab","n":14,"ok":true}\n'
                      b'{"id":"2","x":null,"s":"q\\"t","n":null,"ok":false}\n')
    json_array = csv_kernels.run("select id, x / 2 as half", data, format="json")
    assert json_array == b'[\n{"id":"1","half":3.5},\n{"id":"2","half":null}\n]\n'
    assert csv_kernels.run("select s", data, format="tsv") == b's\nab\n"q""t"\n'
    try:
        csv_kernels.run("", data, format="xml")
    except csv_kernels.CsvError as e:
        assert (e.kind, e.is_spec_error, e.is_row_error) == ("invalid_option", False, False)
    else:
        raise AssertionError("format=xml was accepted")


def test_errors_carry_the_cores_verdicts():
    def verdicts(spec, data):
        try:
            csv_kernels.run(spec, data)
        except csv_kernels.CsvError as e:
            return e.is_spec_error, e.is_row_error
        raise AssertionError("no error")

    assert verdicts("derive x = nope(a)", b"a\n1\n") == (True, False)
    assert verdicts("", b"a,b\n1\n") == (False, True)
    assert verdicts("", b'a\n"1\n') == (False, False)
