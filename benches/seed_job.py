"""The seed job in pure Python with the csv module: the baseline csv-kernels is measured
against, and the reference its output must equal byte for byte.

    python3 benches/seed_job.py INPUT OUTPUT [COLUMN]
"""
import csv
import math
import sys


def digit_factorial_sum(value):
    return sum(math.factorial(int(d)) for d in str(abs(int(value))))


def seed_job(input_path, output_path, column="value", new_column="digit_factorial_sum"):
    with open(input_path, newline="") as src, open(output_path, "w", newline="") as dst:
        reader = csv.reader(src)
        writer = csv.writer(dst, lineterminator="\n")
        header = next(reader)
        index = header.index(column)
        writer.writerow(header + [new_column])
        rows = 0
        for row in reader:
            writer.writerow(row + [digit_factorial_sum(row[index])])
            rows += 1
    return rows


if __name__ == "__main__":
    seed_job(*sys.argv[1:])
