"""IEEE-754 binary32 arithmetic, emulated exactly in Python.

Python floats are binary64. For +, -, * and / of two binary32 values, the
binary64 result rounded once more to binary32 equals the correctly rounded
binary32 result (53 >= 2*24 + 2), so f32(a * b) below is exact emulation.
"""
import math
import struct


def f32(x):
    """Round a Python float to the nearest binary32 (ties to even)."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:  # finite, but rounds past the largest binary32
        return math.copysign(math.inf, x)


def bits(x):
    """The binary32 bit pattern of x as 8 lowercase hex digits."""
    return struct.pack(">f", x).hex()


def from_bits(hex8):
    return struct.unpack(">f", bytes.fromhex(hex8))[0]


def roundf(x):
    """C roundf: to nearest integer, halves away from zero."""
    if math.isnan(x) or math.isinf(x) or x == math.floor(x):
        return x
    return math.copysign(math.floor(abs(x) + 0.5), x)


def next_up(x):
    """The next binary32 above x (x finite and non-negative)."""
    (n,) = struct.unpack(">I", struct.pack(">f", x))
    return struct.unpack(">f", struct.pack(">I", n + 1))[0]


def next_down(x):
    """The next binary32 below x (x finite and positive)."""
    (n,) = struct.unpack(">I", struct.pack(">f", x))
    return struct.unpack(">f", struct.pack(">I", n - 1))[0]
