"""Deterministic benchmark and test inputs (the same bytes on every machine).

    python3 benches/gen_data.py integers ROWS OUT      # id,value: random non-negative integers
    python3 benches/gen_data.py mixed MEGABYTES OUT    # id,value,price,flag,city,note: mixed types
"""
import random
import sys

CITIES = ["London", "Paris", "Zürich", "New York, NY", "São Paulo", "東京", "Lagos", "Lima"]
WORDS = ["alpha", "beta", "gamma", "delta", 'say "hi"', "line\nbreak", "x,y", ""]


def integers(rows, out):
    rng = random.Random(42)
    with open(out, "w", newline="") as f:
        f.write("id,value\n")
        for i in range(1, rows + 1):
            f.write(f"{i},{rng.randrange(10 ** rng.randint(1, 12))}\n")


def quote(field):
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def mixed(megabytes, out):
    rng = random.Random(7)
    limit = megabytes * 1_000_000
    with open(out, "w", newline="", encoding="utf-8") as f:
        size = f.write("id,value,price,flag,city,note\n")
        i = 0
        while size < limit:
            i += 1
            row = [
                str(i),
                str(rng.randrange(10 ** 9)),
                f"{rng.uniform(0, 1000):.2f}",
                rng.choice(["true", "false"]),
                quote(rng.choice(CITIES)),
                quote(rng.choice(WORDS)),
            ]
            size += f.write(",".join(row) + "\n")


if __name__ == "__main__":
    kind, amount, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"integers": integers, "mixed": mixed}[kind](amount, out)
