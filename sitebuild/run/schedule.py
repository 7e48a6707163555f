"""Runs the examples a build must execute: the exclusive ones first and alone, the rest in the background."""

import fnmatch
import os
import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor
from pathlib import Path


class RunsFailed(Exception):
    """One or more examples failed: the message holds each one's `file:line` message."""


class Runs:
    """The runs of one build. `start` returns once the exclusive examples have run; the others go on in
    threads while the build reads its pages, and `result` waits for the one run a page needs."""

    def __init__(self, root: Path, timeout: float, keep, fork=True):
        """`keep(example, execution)` turns a successful run into the notebook the build uses (it stores and
        logs it); it is called in the thread that asks for the result, never in a worker. With `fork`, the
        kernels of examples that import torch are forked from a process that imported it once (run/forks.py)."""
        self.root = root
        self.timeout = timeout
        self.keep = keep
        self.fork = fork
        self.futures = {}  # example -> Future of its Execution, in the order the runs were started
        self.results = {}  # example -> what `keep` made of its run
        self.pools = []
        self.servers = {}  # threads per kernel -> the fork server whose kernels have that many

    def start(self, misses, exclusive=(), jobs=0):
        """Run the examples of `misses` that match a glob of `exclusive` now, one at a time with nothing else
        running (they time themselves); then start the others, at most `jobs` at a time (0: one per core)."""
        if not misses:
            return  # a build that runs nothing imports nothing of the runners
        alone = [ex for ex in misses if any(fnmatch.fnmatch(str(ex), p) for p in exclusive)]
        others = [ex for ex in misses if ex not in alone]
        jobs = jobs or os.cpu_count() or 1
        self._start_servers([(alone, 1), (others, jobs)])
        if alone:
            for server in self.servers.values():
                server.ready()  # their imports are done before a timed example runs
        for example in alone:
            self._submit([example], 1)
            self.result(example)
        self._submit(others, jobs)

    def pending(self) -> list:
        """The examples whose runs were started and not yet asked for, in the order they were started."""
        return [ex for ex in self.futures if ex not in self.results]

    def result(self, example: Path):
        """What `keep` made of the example's run, waiting for the run to finish. A failed run stops the
        runs not yet started and, once the ones under way are over, raises RunsFailed naming every failure."""
        if example not in self.results:
            from .execute import ExampleError

            future = self.futures[example]
            try:
                failed = isinstance(future.exception(), ExampleError)
            except CancelledError:  # stopped before it started, by another example's failure
                failed = True
            if failed:
                self._fail()
            self.results[example] = self.keep(example, future.result())
        return self.results[example]

    def server(self):
        """A fork server of this build that is ready (its imports done), or None."""
        return next((server for server in self.servers.values() if server.ready()), None)

    def cancel(self):
        """Start no more runs (those under way finish: a kernel is not stopped in the middle of a cell)."""
        for future in list(self.futures.values()):
            future.cancel()

    def close(self):
        """Wait for every run started, and free the threads and the fork servers."""
        for pool in self.pools:
            pool.shutdown()
        for server in self.servers.values():
            server.close()

    def _submit(self, examples, jobs):
        from .execute import ExampleError, execute  # nbclient and the kernel's client: only a build that runs an example needs them

        if not examples:
            return
        # Longest first (file size stands in for running time), so no core idles at the end.
        examples = sorted(examples, key=lambda ex: (self.root / ex).stat().st_size, reverse=True)
        workers, threads = _share(examples, jobs)
        # At most `workers` examples run at once; one more kernel may start meanwhile, so the
        # next example does not wait for a kernel to boot when a slot frees up.
        slots = threading.BoundedSemaphore(workers)
        pool = ThreadPoolExecutor(min(workers + 1, len(examples)), thread_name_prefix="example")
        self.pools.append(pool)
        forks = self.servers.get(threads)
        started = [pool.submit(execute, self.root / ex, self.root, self.timeout, threads, slots, forks) for ex in examples]
        self.futures.update(zip(examples, started))

        def stop_on_failure(future):
            if not future.cancelled() and isinstance(future.exception(), ExampleError):
                self.cancel()  # fail fast: a failed build starts no more kernels

        for future in started:
            future.add_done_callback(stop_on_failure)

    def _start_servers(self, groups):
        """Start, side by side, a fork server for each thread count that the groups of runs, (examples, jobs),
        will use, if any of their examples imports what a server preloads."""
        from .execute import kernel_environment
        from .forks import ForkServer, available, imports_preloaded

        if not self.fork or not available():
            return
        for examples, jobs in groups:
            if not examples:
                continue
            threads = _share(examples, jobs)[1]
            if threads not in self.servers and any(imports_preloaded(self.root / ex) for ex in examples):
                self.servers[threads] = ForkServer(kernel_environment(threads))

    def _fail(self):
        self.cancel()
        failures = []
        for future in self.futures.values():
            if future.cancelled():
                continue
            error = future.exception()  # waits for a run under way
            if error is not None:
                failures.append(str(error))
        raise RunsFailed("Example failed: " + "\nExample failed: ".join(failures or ["the runs were stopped"]))


def _share(examples, jobs):
    """How many of `examples` run at once with at most `jobs`, and how many threads each kernel gets.
    Examples running side by side share the cores: each gets its share of threads, or their math
    libraries' spinning threads fight over the cores and everything crawls."""
    workers = max(1, min(jobs, len(examples)))
    return workers, max(1, (os.cpu_count() or 1) // workers)
