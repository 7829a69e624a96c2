"""Timing primitives for the benchmark: repeated whole-process runs, in-process timings
reported by a child as JSON, peak RSS of one child, and a description of the machine."""
import json
import os
import platform
import statistics
import subprocess
import time


class Skipped(Exception):
    """A contender that cannot run here; the report says why instead of showing a number."""


def last_line(stderr):
    """The last non-empty line of a child's stderr: usually the error itself."""
    lines = [l for l in stderr.decode(errors="replace").splitlines() if l.strip()]
    return lines[-1].strip()[:240] if lines else "(no message)"


def run_process(argv, stdin_path=None, stdout_path=os.devnull, env=None):
    """Runs argv once; returns wall seconds. A non-zero exit is an error, not a timing."""
    with open(stdin_path or os.devnull, "rb") as src, open(stdout_path, "wb") as dst:
        start = time.perf_counter()
        proc = subprocess.run(argv, stdin=src, stdout=dst, stderr=subprocess.PIPE, env=env)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(argv[0])} exited {proc.returncode}: {last_line(proc.stderr)}")
    return elapsed


def time_process(argv, repeats, stdin_path=None, env=None):
    """Wall times of `repeats` whole-process runs (start-up included: what a user waits for)."""
    return [run_process(argv, stdin_path, env=env) for _ in range(repeats)]


def time_in_process(argv, repeats, env=None):
    """A child that imports, warms up, times `repeats` runs itself and prints a JSON list of
    seconds as its last stdout line (start-up and imports excluded)."""
    proc = subprocess.run(argv + [str(repeats)], capture_output=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(argv[1])} exited {proc.returncode}: {last_line(proc.stderr)}")
    lines = proc.stdout.decode().strip().splitlines()
    return [float(s) for s in json.loads(lines[-1])]


def peak_rss_mib(argv, stdin_argv=None, stdin_path=None):
    """Peak resident memory of one run of argv, in MiB (from the kernel's rusage of that child).
    stdin comes from a file or from another process's stdout (to stream input that is never
    stored whole)."""
    feeder = None
    if stdin_argv:
        feeder = subprocess.Popen(stdin_argv, stdout=subprocess.PIPE)
        src = feeder.stdout
    else:
        src = open(stdin_path or os.devnull, "rb")
    with open(os.devnull, "wb") as dst:
        child = subprocess.Popen(argv, stdin=src, stdout=dst, stderr=subprocess.PIPE)
        src.close()
        _, status, usage = os.wait4(child.pid, 0)
    if feeder:
        feeder.wait()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{os.path.basename(argv[0])} failed: {last_line(child.stderr.read())}")
    return usage.ru_maxrss / 1024


def summary(seconds):
    return {
        "median": statistics.median(seconds),
        "min": min(seconds),
        "max": max(seconds),
        "runs": len(seconds),
    }


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "not found"

    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{mem_kib / 1024 / 1024:.0f} GiB",
        "os": platform.platform(),
        "rustc": first(["rustc", "--version"]),
        "node": first(["node", "--version"]),
        "python": platform.python_version(),
        "wasmtime": first(["wasmtime", "--version"]),
    }
