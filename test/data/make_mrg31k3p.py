#!/usr/bin/python3
"""Regenerates test/data/mrg31k3p.txt: reference draws of Theano's MRG31k3p
(theano/sandbox/rng_mrg.py: MRG_RandomStreams seeding, get_substream_rstates,
guess_n_streams and the C code of mrg_uniform) that lib/runtime/Mrg31k3p.cpp
must reproduce bit for bit.

Pure Python, written from the generator's definition (L'Ecuyer & Touzin 2000):
  x1[n] = (2**22 x1[n-2] + (2**7 + 1) x1[n-3]) mod (2**31 - 1)
  x2[n] = (2**15 x2[n-1] + (2**15 + 1) x2[n-3]) mod (2**31 - 21069)
The step is computed twice, once with Theano's int32 shift-and-mask arithmetic
(wrapping as C does) and once as the exact matrix product, and the jump
matrices are powers of the one-step matrices by repeated squaring. Before
writing anything the script checks itself against Theano's published jump
matrices and against L'Ecuyer's Java draws (mrg31k3p_java_samples.txt).
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
M1 = 2147483647  # 2**31 - 1
M2 = 2147462579  # 2**31 - 21069
# One step of each component on (newest, middle, oldest).
A1 = [[0, 4194304, 129], [1, 0, 0], [0, 1, 0]]
A2 = [[32768, 0, 32769], [1, 0, 0], [0, 1, 0]]
# float32 scale in Theano's C code: the literal 4.6566126e-10f.
NORM32 = struct.unpack("f", struct.pack("f", 4.6566126e-10))[0]
NORM64 = 4.656612873077392578125e-10  # exactly 2**-31


def matmul(a, b, m):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) % m for j in range(3)]
            for i in range(3)]


def matpow2(a, e, m):
    """a ** (2 ** e) mod m by e squarings."""
    for _ in range(e):
        a = matmul(a, a, m)
    return a


def matvec(a, v, m):
    return [sum(a[i][k] * v[k] for k in range(3)) % m for i in range(3)]


A1P72, A2P72 = matpow2(A1, 72, M1), matpow2(A2, 72, M2)
A1P134, A2P134 = matpow2(A1, 134, M1), matpow2(A2, 134, M2)


def jump(state, a1, a2):
    return matvec(a1, state[:3], M1) + matvec(a2, state[3:], M2)


def i32(x):
    """Wraps to int32 as the C code's npy_int32 arithmetic does."""
    return (x + 2**31) % 2**32 - 2**31


def correct(y, m):
    """The C code's `if (y < 0 || y >= m) y -= m;` on a possibly wrapped y."""
    return i32(y - m) if y < 0 or y >= m else y


def times_2p15_mod_m2(x):
    """2**15 x mod M2 before correction (2**31 = 21069 mod M2)."""
    return i32(((x & 65535) << 15) + 21069 * (x >> 16))


def next_int(state):
    """Theano's mrg_next_value on an int32 state list (advanced in place);
    returns the integer it scales."""
    x11, x12, x13, x21, x22, x23 = state
    y1 = i32(((x12 & 511) << 22) + (x12 >> 9) + ((x13 & 16777215) << 7) +
             (x13 >> 24))
    y1 = correct(i32(correct(y1, M1) + x13), M1)
    z1 = correct(times_2p15_mod_m2(x21), M2)
    z2 = correct(times_2p15_mod_m2(x23), M2)
    z2 = correct(i32(correct(i32(z2 + x23), M2) + z1), M2)
    state[:] = [y1, x11, x12, z2, x21, x22]
    return y1 - z2 if y1 > z2 else y1 - z2 + M1


def to_float32(v):
    """C's `npy_int32 * float`: the integer rounds to float, then a float
    product (exact in double, so one rounding)."""
    f = struct.unpack("f", struct.pack("f", float(v)))[0]
    return struct.unpack("f", struct.pack("f", f * NORM32))[0]


def to_float64(v):
    return v * NORM64


def master_state(seed):
    if seed == 0 or seed >= M2:
        raise ValueError(seed)
    return [seed] * 6


def substream_rstates(master, n_streams):
    """Rows spaced 2**72 apart; the master then moves on by 2**134."""
    rows = [list(master)]
    for _ in range(1, n_streams):
        rows.append(jump(rows[-1], A1P72, A2P72))
    master[:] = jump(master, A1P134, A2P134)
    return rows


def guess_n_streams(n):
    r = n // 6 if n > 6 else n
    return min(r, 60 * 256)


def uniform_fill(rows, n, scale):
    return [scale(next_int(rows[i % len(rows)])) for i in range(n)]


def check_theano_constants():
    # The matrices Theano's rng_mrg.py prints as A1p72, A2p72, A1p134, A2p134.
    theano = {
        "A1p72": [[1516919229, 758510237, 499121365],
                  [1884998244, 1516919229, 335398200],
                  [601897748, 1884998244, 358115744]],
        "A2p72": [[1228857673, 1496414766, 954677935],
                  [1133297478, 1407477216, 1496414766],
                  [2002613992, 1639496704, 1407477216]],
        "A1p134": [[1702500920, 1849582496, 1656874625],
                   [828554832, 1702500920, 1512419905],
                   [1143731069, 828554832, 102237247]],
        "A2p134": [[796789021, 1464208080, 607337906],
                   [1241679051, 1431130166, 1464208080],
                   [1401213391, 1178684362, 1431130166]]}
    mine = {"A1p72": A1P72, "A2p72": A2P72, "A1p134": A1P134,
            "A2p134": A2P134}
    assert mine == theano, "jump matrices differ from Theano's"
    # The int32 shift-and-mask step is the matrix step, over many states.
    state = master_state(12345)
    for _ in range(100000):
        expected = jump(state, A1, A2)
        next_int(state)
        assert state == expected
    # float32 scaling stays below 1 at the largest integer, M1.
    assert to_float32(M1) < 1.0 and NORM32 < NORM64


def java_consistency():
    """Theano's test_consistency_randomstreams: 12 calls of uniform(size=(7,),
    nstreams=7), each function evaluated 5 times; per stream, the 5 x 7
    draws transposed (substream-major)."""
    master = master_state(12345)
    samples = []
    for _ in range(12):
        rows = substream_rstates(master, 7)
        draws = [uniform_fill(rows, 7, to_float64) for _ in range(5)]
        samples += [draws[k][j] for j in range(7) for k in range(5)]
    with open(os.path.join(HERE, "mrg31k3p_java_samples.txt")) as f:
        java = [float(line) for line in f if not line.startswith("#")]
    assert len(java) == len(samples) == 420
    worst = max(abs(a - b) / b for a, b in zip(samples, java))
    exact = sum(a == b for a, b in zip(samples, java))
    assert worst < 1e-12, worst
    print(f"java samples: {exact}/420 exact, max relative error {worst:g}")


def records():
    lines = ["# Theano MRG31k3p reference values (generated by",
             "# test/data/make_mrg31k3p.py); one record per line:",
             "# kind args... : values"]

    def add(head, values):
        lines.append(head + " : " + " ".join(values))

    # Raw integers of mrg_next from the master state.
    state = master_state(12345)
    add("next_int 12345", [str(next_int(state)) for _ in range(1000)])
    # Substream rows, then the master after inc_rstate, for a few stream
    # counts drawn one after another from the same master.
    master = master_state(12345)
    for n_streams in (1, 3, 10):
        rows = substream_rstates(master, n_streams)
        add(f"substream_rstates 12345 {n_streams}",
            [str(v) for row in rows + [master] for v in row])
    # Successive stream starts (inc_rstate) and substream starts.
    for seed in (1, 12345, M2 - 1):
        state, chain = master_state(seed), []
        for _ in range(5):
            state = jump(state, A1P134, A2P134)
            chain += state
        add(f"jump_stream {seed}", [str(v) for v in chain])
        state, chain = master_state(seed), []
        for _ in range(5):
            state = jump(state, A1P72, A2P72)
            chain += state
        add(f"jump_substream {seed}", [str(v) for v in chain])
    add("guess_n_streams", [f"{n} {guess_n_streams(n)}" for n in
                            (1, 5, 6, 7, 11, 12, 13, 100, 1000, 92160, 92165,
                             92166, 10**6, 10**9)])
    # uniform fills: a fresh master per record, rows for n_streams, n draws
    # in one call, then a second call of 7 draws on the advanced rows.
    cases = [(12345, n) for n in (1, 7, guess_n_streams(1000), 15360)]
    for seed, n_streams in cases + [(987654321, 60)]:
        for dtype, scale in (("float64", to_float64),
                             ("float32", to_float32)):
            rows = substream_rstates(master_state(seed), n_streams)
            values = uniform_fill(rows, 1000, scale)
            values += uniform_fill(rows, 7, scale)
            add(f"uniform {dtype} {seed} {n_streams} 1000 7",
                [repr(v) for v in values])
    return lines


check_theano_constants()
java_consistency()
with open(os.path.join(HERE, "mrg31k3p.txt"), "w") as f:
    f.write("\n".join(records()) + "\n")
