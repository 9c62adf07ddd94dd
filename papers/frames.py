"""Messages between a process and its render host, over a pair of pipes (no Django, no WeasyPrint).

Each message is its pickle's length (8 bytes, network order) and the pickle; a reader
takes exactly one message's bytes, so two processes may read the same pipe in turn
(the host, then the render process it forked). Both ends are our own processes.
"""

import os
import pickle
import struct


def frame_send(fd: int, message) -> None:
    """Write ``message`` to ``fd``: its pickle's length (8 bytes), then the pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def frame_recv(fd: int):
    """Read one message ``frame_send`` wrote (exactly its bytes: the rest stays in the pipe)."""
    (size,) = struct.unpack("!Q", _exactly(fd, 8))
    return pickle.loads(_exactly(fd, size))
