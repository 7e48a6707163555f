"""Settings that give a Jupyter kernel Unix sockets in a folder of its own instead of TCP ports."""

import os

import zmq


def private_sockets(folder) -> dict:
    """KernelManager traits that put the kernel's connection file and sockets in `folder`.

    Over TCP, jupyter_client finds free ports by opening and closing them, and the kernel binds them
    a second or so later, once Python and ipykernel have loaded. Any process on the machine that
    opens a connection in between can take one of those ports; the kernel then exits at once and
    nbclient reports "Kernel died before replying to kernel_info". Under the test suite, with a
    browser and servers busy beside the build, that happened to a CI run. Socket files in a folder
    that only this kernel uses cannot be taken. Where ZeroMQ has no IPC transport, TCP as before.
    """
    if not zmq.has("ipc"):
        return {}
    return {"transport": "ipc", "connection_file": os.path.join(folder, "kernel.json")}
