"""Long calls release the GIL (CPython). Proof without timing: a thread runs csv_kernels.run on
a FIFO, which blocks inside Rust until the main thread writes to it. If the call held the GIL
the writer could never run and the child process would hang, so it runs under a timeout."""
import subprocess
import sys
import textwrap

import pytest

from conftest import IN_PYODIDE

CHILD = textwrap.dedent("""
    import os, sys, tempfile, threading
    import csv_kernels
    fifo = os.path.join(tempfile.mkdtemp(), "input.csv")
    os.mkfifo(fifo)
    result = {}
    reader = threading.Thread(target=lambda: result.update(out=csv_kernels.run("select b", fifo)))
    reader.start()
    with open(fifo, "wb") as pipe:  # needs the GIL while the reader thread is inside Rust
        pipe.write(b"a,b\\n1,2\\n")
    reader.join()
    sys.stdout.write(result["out"].decode())
""")


@pytest.mark.skipif(IN_PYODIDE, reason="Pyodide has no threads or subprocesses (and no GIL contention)")
def test_run_releases_the_gil_while_it_reads():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "b\n2\n", "")
