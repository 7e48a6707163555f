"""Starts kernels by forking a process that has already imported torch, instead of a fresh Python that imports it again."""

import ast
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

# Imported once per fork server instead of once per example: `import torch` costs about 1.3 CPU-seconds,
# and every example but the first imports it. Only an example that imports it itself gets a forked kernel.
PRELOAD = ("torch",)

# What every kernel imports as it starts, whatever the example: preloaded too.
KERNEL = ("ipykernel.kernelapp", "ipykernel.ipkernel")

# The fork server, sent as source (`python -c`): no module of the build is among what a kernel has imported.
# It imports PRELOAD with the kernels' environment (thread counts are fixed when the math libraries load),
# says "ready", then forks one kernel per request. A child turns into what `python -m MODULE ARGS` would
# be in the requested folder and environment, with its own session (so the kernel's manager can signal
# its whole process group), NumPy's global generator, if imported, seeded afresh (a fork would share it) and the
# request's stdin, stdout and stderr. The server answers with the child's pid once it has its session.
SERVER = r"""
import json, os, signal, socket, sys, traceback
control = socket.socket(fileno=int(sys.argv[1]))
for name in sys.argv[2:]:
    __import__(name)
children = set()
def reap(*_):
    while children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        children.discard(pid)
signal.signal(signal.SIGCHLD, reap)
control.sendall(b'{"ready": true}\n')
while True:
    try:
        message, fds, _, _ = socket.recv_fds(control, 1 << 20, 3)
    except OSError:
        break
    if not message:
        break
    request = json.loads(message)
    started_r, started_w = os.pipe()
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
            control.close()
            os.close(started_r)
            os.setsid()
            os.write(started_w, b".")
            os.close(started_w)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            for fd in fds:
                if fd > 2:
                    os.close(fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            sys.path[0] = request["cwd"]
            sys.argv = request["argv"]
            if "numpy.random" in sys.modules:
                sys.modules["numpy.random"].seed()
            import runpy
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        except BaseException:
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)
    children.add(pid)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
    os.close(started_w)
    os.read(started_r, 1)
    os.close(started_r)
    for fd in fds:
        os.close(fd)
    control.sendall(json.dumps({"pid": pid}).encode() + b"\n")
for pid in list(children):  # the build is done or gone: no kernel of this server outlives it
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
os._exit(0)  # without tearing torch down, which takes half a second
"""


def available() -> bool:
    """Whether this system can fork kernels (Linux: fork, passing file descriptors, and pidfds)."""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")


def imports_preloaded(path) -> bool:
    """Whether the example's code opens by importing every PRELOAD module (among other imports): only
    then does a kernel that imported them beforehand look, to the example, like a fresh one. Code that
    runs before the import (setting an environment variable torch reads, say) would see the difference."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            break  # the first statement that does something
        if set(PRELOAD) <= imported:
            return True
    return False


class ForkServer:
    """A Python process that has imported PRELOAD with the kernels' environment `env` and forks kernels."""

    def __init__(self, env: dict):
        # Exactly what a kernel launched from this process gets (jupyter_client adds its parent's pid):
        # modules read some settings once, as they are imported (thread counts; ipykernel's parent pid).
        self.env = {**env, "JPY_PARENT_PID": str(os.getpid())}
        self.lock = threading.Lock()
        # What the server printed: if its imports said anything, it is not used. Appending: the server shares
        # the file offset that reading here moves.
        self.said = tempfile.TemporaryFile("a+b")
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(theirs.fileno()), *PRELOAD, *KERNEL],
            pass_fds=[theirs.fileno()],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.said,
            stderr=self.said,
        )
        theirs.close()
        self.control = ours
        self.replies = ours.makefile("rb")
        self._ready = None
        self.manager = type("ForkedKernelManager", (ForkingKernelManager,), {"server": self})

    def ready(self) -> bool:
        """Wait until the server has imported PRELOAD; False if it failed or printed anything (a warning
        a fresh kernel would have shown on the page), in which case kernels start afresh."""
        with self.lock:
            if self._ready is None:
                self._ready = self.replies.readline() == b'{"ready": true}\n'
                self.said.seek(0)
                if self.said.read(1):
                    self._ready = False
                if not self._ready:
                    self._close()
            return self._ready

    def fork(self, module: str, argv: list, env: dict, cwd: str, stdio) -> int:
        """The pid of a new child running `python -m module` with `argv`, `env`, `cwd` and the three file
        descriptors of `stdio`; it leads its own session."""
        if not self.ready():
            raise RuntimeError(f"the fork server is not in use:\n{self._output()}")
        request = json.dumps({"module": module, "argv": argv, "env": env, "cwd": cwd}).encode()
        with self.lock:
            try:
                socket.send_fds(self.control, [request], list(stdio))
                reply = self.replies.readline()
            except OSError:
                reply = b""
        if not reply:
            raise RuntimeError(f"the fork server stopped:\n{self._output()}")
        return json.loads(reply)["pid"]

    def close(self):
        """Stop the server; it kills the kernels it forked that are still running."""
        with self.lock:
            self._close()

    def _close(self):
        if self.process.poll() is None:
            self.replies.close()  # the socket closes only once its file object has, too
            self.control.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _output(self):
        self.said.seek(0)
        return self.said.read().decode(errors="replace")[-2000:]


class Forked:
    """What jupyter_client's local provisioner expects of a Popen, for a kernel that is the fork server's
    child: watched through a pidfd. Its exit status stays with the server, which reaps it."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None
        self.pidfd = os.pidfd_open(pid)

    def poll(self):
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self._exited()
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            if not select.select([self.pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            self._exited()
        return self.returncode

    def send_signal(self, signum):
        if self.returncode is None:
            signal.pidfd_send_signal(self.pidfd, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def _exited(self):
        self.returncode = 0  # unknown here; nothing in the build reads it
        os.close(self.pidfd)


class ForkingProvisioner(LocalProvisioner):
    """Launches `python -m MODULE ...` as a child of the manager's fork server when the server runs this
    Python with the very environment the kernel is given; anything else as LocalProvisioner does."""

    async def launch_kernel(self, cmd, **kwargs):
        server = self.parent.server
        env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}  # as jupyter_client's launcher adds
        python = len(cmd) > 2 and cmd[1] == "-m" and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
        if not python or env != server.env:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        with open(os.devnull, "rb") as stdin:
            stdio = [stdin.fileno()] + [_fileno(kwargs.get(name), default) for name, default in (("stdout", 1), ("stderr", 2))]
            pid = server.fork(cmd[2], [cmd[0], *cmd[3:]], env, cwd, stdio)
        self.process = Forked(pid)
        self.pid = self.pgid = pid  # it leads its own process group, which the manager signals
        self.cwd = cwd
        return self.connection_info

    async def send_signal(self, signum):
        # Once the kernel has exited the server reaps it, and its pid, the group's id, may be reused.
        if self.process and self.process.poll() is None:
            await super().send_signal(signum)


class ForkingKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels come from `server` (set on the subclass each ForkServer makes)."""

    server = None

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ForkingProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def _fileno(stream, default):
    if stream is None:
        return default
    return stream if isinstance(stream, int) else stream.fileno()
