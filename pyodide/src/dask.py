"""csv_kernels.dask: the same pipeline on a Dask cluster, with the bytes of one machine.

    csv_kernels.dask.run(pipeline, urlpath, *, client=None, blocksize="64 MiB", output=None,
                         on_error="fail", **options)

Each file is cut into byte ranges of about `blocksize` at record starts (found by reading, so a
quoted field with line breaks is never cut); each range is a Dask task running the wheel's
`_part` on it; the parts are merged by `_merge` in file and range order. Streaming steps run in
the tasks; `group`/`aggregate` hand over partial states, `distinct` and `take N` only what can
still be in the result, `sort`/`top` their rows, sorted in the merge. The result is what
`csv-kernels run PIPELINE` writes for the files concatenated (header once), for any blocksize
and any number of workers. Dask is imported only when `run` is called.
"""

import glob as _glob
import os


def _ck():
    # Imported on use: this module is made while csv_kernels itself is being imported.
    import csv_kernels

    return csv_kernels


_UNITS = {"": 1, "b": 1, "kb": 10**3, "kib": 2**10, "mb": 10**6, "mib": 2**20, "gb": 10**9, "gib": 2**30}


def _size(text):
    """`64 MiB`, `100MB`, `1000000` or an int: bytes."""
    if isinstance(text, int):
        return text
    number = text.strip().rstrip("BbIiKkMmGg ")
    unit = text.strip()[len(number):].strip().lower()
    if unit not in _UNITS or not number.isdigit():
        raise ValueError(f"blocksize {text!r}: expected bytes or a size like '64 MiB'")
    return int(number) * _UNITS[unit]


def _paths(urlpath):
    """A path, a glob or a list of them, in order; local files, or fsspec URLs if installed."""
    items = [urlpath] if isinstance(urlpath, (str, os.PathLike)) else list(urlpath)
    paths = []
    for item in items:
        item = os.fspath(item)
        if "://" in item:
            import fsspec  # optional: only for URLs

            paths += [f.path if hasattr(f, "path") else f for f in fsspec.open_local(item)]
        elif any(c in item for c in "*?["):
            paths += sorted(_glob.glob(item))
        else:
            paths.append(item)
    if not paths:
        raise FileNotFoundError(f"no input files match {urlpath!r}")
    return paths


def _in_file(error, path):
    """The error, naming its file (its line is already the file's own)."""
    if not str(error).startswith(f"{path}: "):
        error.args = (f"{path}: {error}",)
    error.file = path
    return error


def _run_part(pipeline, path, start, end, at, part, header, tables, options):
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    try:
        return _ck()._part(pipeline, header, data, part, at, tables=tables, **options)
    except _ck().CsvError as error:
        raise _in_file(error, path)


def _plan(paths, blocksize, options, has_header):
    """Each range as (path, start, end, (byte, line, record)); headers checked equal."""
    ranges, header = [], None
    for path in paths:
        size = os.path.getsize(path)
        try:
            first_record_end, cuts = _ck()._cuts(path, blocksize, **options)
        except _ck().CsvError as error:
            raise _in_file(error, path)
        with open(path, "rb") as f:
            own = f.read(first_record_end)
        if header is None:
            header, first = own, path
        elif own != header and has_header:
            raise _ck().CsvError(f"{path}: its header differs from {first}'s")
        for i, at in enumerate(cuts):
            end = cuts[i + 1][0] if i + 1 < len(cuts) else size
            ranges.append((path, at[0], end, at))
    return header, ranges


def run(pipeline, urlpath, *, client=None, blocksize="64 MiB", output=None, on_error="fail", tables=None, **options):
    """Runs `pipeline` over the CSV files at `urlpath` on Dask; returns the result as bytes
    (with `format="arrow"`: a pyarrow.Table), or with `output=folder` writes it as part files
    part-00000.csv, ... (header in the first) and returns their paths. `tables` are the second
    inputs of joins, as for `run`."""
    import dask

    options = dict(options, on_error=on_error)
    paths = _paths(urlpath)
    # The dialect is decided once, by the core, from the first file (as one job would); the
    # parts and the merge read every file with it (`sniff` stays set for joins' inputs).
    delimiter, quote, has_header = _ck()._dialect(paths[0], **options)
    options.update(delimiter=delimiter, quote=quote, header=has_header)
    header, ranges = _plan(paths, _size(blocksize), options, has_header)
    tables = {name: (open(v, "rb").read() if isinstance(v, (str, os.PathLike)) else v) for name, v in (tables or {}).items()}
    tasks = [
        dask.delayed(_run_part, pure=True)(pipeline, path, start, end, at, part, header, tables, options)
        for part, (path, start, end, at) in enumerate(ranges)
    ]
    parts = client.gather(client.compute(tasks)) if client is not None else dask.compute(*tasks)
    result = _ck()._merge(pipeline, header, list(parts), tables=tables, **options)
    if options.get("format") == "arrow":
        import pyarrow

        # The merge wrote the Arrow IPC stream: a table, typed by the pipeline's expressions.
        return pyarrow.ipc.open_stream(result).read_all()
    if output is None:
        return result
    return _write_parts(result, output, len(parts))


def _write_parts(result, folder, count):
    """Splits the result at line starts into about `count` files; their concatenation is it."""
    os.makedirs(folder, exist_ok=True)
    count = max(1, min(count, result.count(b"\n")))
    size = -(-len(result) // count)
    paths, start = [], 0
    while start < len(result) or not paths:
        end = result.find(b"\n", start + size - 1) + 1 if start + size < len(result) else len(result)
        end = end or len(result)
        path = os.path.join(folder, f"part-{len(paths):05d}.csv")
        with open(path, "wb") as f:
            f.write(result[start:end])
        paths.append(path)
        start = end
    return paths
