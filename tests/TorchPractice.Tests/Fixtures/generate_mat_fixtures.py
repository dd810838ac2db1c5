#!/usr/bin/python3
"""Writes the MAT-file fixtures that tests/TorchPractice.Tests/Data/Loading/MatFileTests.cs reads.

Run from anywhere:  /usr/bin/python3 tests/TorchPractice.Tests/Fixtures/generate_mat_fixtures.py
Needs Debian's python3-numpy and python3-scipy. The outputs are committed; re-running rewrites them
(scipy stamps a creation time into the header, so bytes change but content does not).

Values follow formulas that the C# tests recompute in the same IEEE double arithmetic:
    train: X[i, j] = (i - 3) * 0.1 + 10 * j        y[i] = i % 2            (7 samples)
    test:  Xval[i, j] = (i + 0.5) * -0.3 + 100 * j  yval[i] = (i + 1) % 2   (5 samples)
    extras: w[i, j] = 10 * i + j (2 x 3) as single and int32, to check column-major order.
"""
import os
import struct

import numpy as np
import scipy.io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")



X = np.array([[(i - 3) * 0.1 + 10 * j for j in range(2)] for i in range(7)], dtype=np.float64)
y = np.array([i % 2 for i in range(7)], dtype=np.uint8)
Xval = np.array([[(i + 0.5) * -0.3 + 100 * j for j in range(2)] for i in range(5)], dtype=np.float64)
yval = np.array([(i + 1) % 2 for i in range(5)], dtype=np.uint8)
w = np.array([[10 * i + j for j in range(3)] for i in range(2)])


def path(name):
    return os.path.join(OUT, name)


def save(name, variables, **kw):
    scipy.io.savemat(path(name), variables, **kw)


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


# --- Hand-written MAT v5, for what scipy never writes: big-endian files and MATLAB's habit of storing
# --- a double array's integer values in a smaller type (here miUINT8).
MI_INT8, MI_UINT8, MI_INT32, MI_UINT32, MI_DOUBLE, MI_MATRIX = 1, 2, 5, 6, 9, 14
MX_DOUBLE, MX_UINT8 = 6, 9
LOGICAL = 0x02


def element(e, mtype, payload):
    if len(payload) <= 4:  # small data element: size and type share the first 4 bytes
        return struct.pack(e + "I", (len(payload) << 16) | mtype) + payload.ljust(4, b"\0")
    pad = (-len(payload)) % 8
    return struct.pack(e + "II", mtype, len(payload)) + payload + b"\0" * pad


def matrix(e, name, mx_class, dims, mtype, data, flags=0):
    body = (element(e, MI_UINT32, struct.pack(e + "II", mx_class | (flags << 8), 0))
            + element(e, MI_INT32, struct.pack(e + "%di" % len(dims), *dims))
            + element(e, MI_INT8, name.encode("ascii"))
            + element(e, mtype, data))
    return struct.pack(e + "II", MI_MATRIX, len(body)) + body


def header(e, text):
    indicator = b"MI" if e == ">" else b"IM"
    return text.ljust(116, b" ") + b"\0" * 8 + struct.pack(e + "H", 0x0100) + indicator


def big_endian_matlab_style():
    e = ">"
    col_major = lambda a: a.flatten(order="F")
    data = header(e, b"MATLAB 5.0 MAT-file, hand-written big-endian fixture")
    data += matrix(e, "X", MX_DOUBLE, X.shape, MI_DOUBLE, col_major(X).astype(">f8").tobytes())
    data += matrix(e, "y", MX_DOUBLE, (7, 1), MI_UINT8, y.tobytes())  # double class, uint8 storage
    data += matrix(e, "Xval", MX_DOUBLE, Xval.shape, MI_DOUBLE, col_major(Xval).astype(">f8").tobytes())
    data += matrix(e, "yval", MX_UINT8, (1, 5), MI_UINT8, yval.tobytes(), flags=LOGICAL)
    return data


def main():
    os.makedirs(OUT, exist_ok=True)
    # The course's layout: column vectors, uint8 labels, compressed (as MATLAB's default -v7 writes).
    # Plus three kinds the reader lists but does not read: text, complex and cell.
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0], cell[0, 1] = 1.0, "a"
    save("course_compressed.mat",
         {"X": X, "y": y.reshape(7, 1), "Xval": Xval, "yval": yval.reshape(5, 1),
          "note": "hello", "z": np.array([[1 + 2j]]), "c": cell},
         do_compression=True)
    # Uncompressed; double labels as a row vector (1-D arrays become 1 x m), uint8 column vector for yval,
    # and two extra numeric classes.
    save("course_plain.mat",
         {"X": X, "y": y.astype(np.float64), "Xval": Xval, "yval": yval.reshape(5, 1),
          "w_single": w.astype(np.float32), "w_int32": w.astype(np.int32)},
         do_compression=False, oned_as="row")
    save("missing_yval.mat", {"X": X, "y": y.reshape(7, 1), "Xval": Xval}, do_compression=True)
    bad = y.copy().reshape(7, 1)
    bad[4, 0] = 2
    save("bad_label.mat", {"X": X, "y": bad, "Xval": Xval, "yval": yval.reshape(5, 1)}, do_compression=False)

    with open(path("course_plain.mat"), "rb") as f:
        plain = f.read()
    write_bytes("truncated_plain.mat", plain[: len(plain) * 2 // 3])
    with open(path("course_compressed.mat"), "rb") as f:
        compressed = f.read()
    write_bytes("truncated_compressed.mat", compressed[: len(compressed) // 2])
    write_bytes("truncated_header.mat", plain[:100])

    save("v4.mat", {"X": X, "y": y.astype(np.float64).reshape(7, 1)}, format="4")
    # v7.3 is HDF5 behind a 512-byte MATLAB user block; h5py is not needed to mimic its first bytes.
    v73 = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: fixture HDF5 schema 1.00 .".ljust(116, b" ")
    v73 += b"\0" * 8 + struct.pack("<H", 0x0200) + b"IM"
    v73 = v73.ljust(512, b"\0") + b"\x89HDF\r\n\x1a\n" + b"\0" * 88
    write_bytes("v73.mat", v73)
    write_bytes("random.mat", np.random.RandomState(7).bytes(256))
    write_bytes("big_endian_matlab_style.mat", big_endian_matlab_style())


if __name__ == "__main__":
    main()
