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

    def __init__(self, root: Path, timeout: float, keep):
        """`keep(example, execution)` turns a successful run into the notebook the build uses (it stores and
        logs it); it is called in the thread that asks for the result, never in a worker."""
        self.root = root
        self.timeout = timeout
        self.keep = keep
        self.futures = {}  # example -> Future of its Execution, in the order the runs were started
        self.results = {}  # example -> what `keep` made of its run
        self.pools = []

    def start(self, misses, exclusive=(), jobs=0):
        """Run the examples of `misses` that match a glob of `exclusive` now, one at a time with nothing else
        running (they time themselves); then start the others, at most `jobs` at a time (0: one per core)."""
        alone = [ex for ex in misses if any(fnmatch.fnmatch(str(ex), p) for p in exclusive)]
        for example in alone:
            self._submit([example], 1)
            self.result(example)
        self._submit([ex for ex in misses if ex not in alone], jobs or os.cpu_count() or 1)

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

    def cancel(self):
        """Start no more runs (those under way finish: a kernel is not stopped in the middle of a cell)."""
        for future in list(self.futures.values()):
            future.cancel()

    def close(self):
        """Wait for every run started, and free the threads."""
        for pool in self.pools:
            pool.shutdown()

    def _submit(self, examples, jobs):
        from .execute import ExampleError, execute  # nbclient and the kernel's client: only a build that runs an example needs them

        if not examples:
            return
        # Longest first (file size stands in for running time), so no core idles at the end.
        examples = sorted(examples, key=lambda ex: (self.root / ex).stat().st_size, reverse=True)
        workers = max(1, min(jobs, len(examples)))
        # Examples running side by side share the cores: each gets its share of threads,
        # or their math libraries' spinning threads fight over the cores and everything crawls.
        threads = max(1, (os.cpu_count() or 1) // workers)
        # At most `workers` examples run at once; one more kernel may start meanwhile, so the
        # next example does not wait for a kernel to boot when a slot frees up.
        slots = threading.BoundedSemaphore(workers)
        pool = ThreadPoolExecutor(min(workers + 1, len(examples)), thread_name_prefix="example")
        self.pools.append(pool)
        started = [pool.submit(execute, self.root / ex, self.root, self.timeout, threads, slots) for ex in examples]
        self.futures.update(zip(examples, started))

        def stop_on_failure(future):
            if not future.cancelled() and isinstance(future.exception(), ExampleError):
                self.cancel()  # fail fast: a failed build starts no more kernels

        for future in started:
            future.add_done_callback(stop_on_failure)

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
