"""Deterministic benchmark and test inputs (the same bytes on every machine).

    python3 benches/gen_data.py integers ROWS OUT      # id,value: random non-negative integers
    python3 benches/gen_data.py mixed MEGABYTES OUT    # id,value,price,flag,city,note: mixed types
    python3 benches/gen_data.py text ROWS OUT          # id,value,name,score: quoted text names
    python3 benches/gen_data.py wide ROWS OUT          # 50 columns of short numbers and words
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


NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def text(rows, out):
    """Issue 9's text-heavy shape: about 31 bytes a row, a third of the names quoted because
    they hold a comma ("gamma, delta") and a few because they hold a doubled quote."""
    rng = random.Random(9)
    with open(out, "w", newline="") as f:
        f.write("id,value,name,score\n")
        for i in range(1, rows + 1):
            kind = rng.randrange(30)
            if kind < 10:
                name = f"{rng.choice(NAMES)}, {rng.choice(NAMES)}"
            elif kind == 10:
                name = f'say "{rng.choice(NAMES)}"'
            else:
                name = rng.choice(NAMES)
            f.write(f"{i},{rng.randrange(1_000_000)},{quote(name)},{rng.randrange(100_000) / 1000}\n")


def wide(rows, out):
    """50 columns: id, value, then short integers, floats and words in turn."""
    rng = random.Random(50)
    with open(out, "w", newline="") as f:
        f.write(",".join(["id", "value"] + [f"c{n}" for n in range(3, 51)]) + "\n")
        for i in range(1, rows + 1):
            row = [str(i), str(rng.randrange(1_000_000))]
            for n in range(3, 51):
                pick = n % 3
                if pick == 0:
                    row.append(str(rng.randrange(1000)))
                elif pick == 1:
                    row.append(f"{rng.uniform(0, 100):.2f}")
                else:
                    row.append(quote(rng.choice(WORDS)))
            f.write(",".join(row) + "\n")


if __name__ == "__main__":
    kind, amount, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"integers": integers, "mixed": mixed, "text": text, "wide": wide}[kind](amount, out)
