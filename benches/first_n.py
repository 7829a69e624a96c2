"""The seed's pure-Python first_n: trial division by the primes found so far, the baseline
csv_kernels.first_n (a segmented sieve in Rust) is measured against.

    python3 benches/first_n.py COUNT      # prints the COUNT-th prime
"""
import sys


def first_n(count):
    primes = []
    candidate = 2
    while len(primes) < count:
        is_prime = True
        for p in primes:
            if p * p > candidate:
                break
            if candidate % p == 0:
                is_prime = False
                break
        if is_prime:
            primes.append(candidate)
        candidate += 1
    return primes


if __name__ == "__main__":
    print(first_n(int(sys.argv[1]))[-1])
