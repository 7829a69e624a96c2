# cython: language_level=3, boundscheck=False, wraparound=False
"""The seed's trial-division first_n with C types, as the seed's Cython comparison built it."""


def first_n(int count):
    cdef list primes = []
    cdef long candidate = 2
    cdef long p
    cdef bint is_prime
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
