"""Measure the GPU benchmark page's figures on a machine with a CUDA GPU and save them for the site.

Usage: python scripts/gpu_benchmark.py [--output examples/data/gpu_benchmark.json] [--scales 1 2 4 8 16]

Times one training step of the two-layer network with the same code as the page
(examples/benchmark_timing.py): NumPy and PyTorch on this machine's CPU, PyTorch on its GPU (with
the data already on the GPU, and with the batch copied from host memory every step), plus each
library's large square matrix-multiply peak. It prints the tables and writes the GPU name, the
date, the Python/torch/CUDA/NumPy versions and every measured time to the JSON file, which the
page reads on machines without a GPU. Without CUDA it writes nothing and exits with status 1.
"""

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "examples"))

import benchmark_timing as bt  # noqa: E402

CPU_PEAK_N = 2048  # the page's CPU peak size, so its ratios are comparable
GPU_PEAK_N = 4096  # the page's GPU peak size when it measures a GPU itself


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=bt.GPU_RESULTS, help="JSON file to write")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4, 8, 16],
                        help="multiples of the tutorial's N, D_in and H (the page uses 1 2 4 8 16)")
    args = parser.parse_args(argv)

    gpu = bt.gpu_implementations()  # prints a line saying there is no GPU, when there is none
    if not gpu:
        print("No CUDA GPU here: nothing measured, nothing written.", file=sys.stderr)
        return 1
    import torch

    sizes = [bt.Size.scaled(k) for k in args.scales]
    with bt.OtherLoad() as load:
        peaks = [bt.time_matmul(impl, CPU_PEAK_N) for impl in bt.CPU_IMPLEMENTATIONS]
        peaks.append(bt.time_matmul(bt.IMPLEMENTATIONS["torch_cuda"], GPU_PEAK_N))
        steps = bt.measure(bt.CPU_IMPLEMENTATIONS + gpu, sizes)
    record = bt.gpu_record(steps, peaks, gpu_name=torch.cuda.get_device_name(), other_cpu_cores=load.cores)
    bt.parse_gpu_record(record, "measured record")  # what the page will accept

    print(bt.peak_lines(peaks))
    print()
    print(bt.tables(steps, peaks))
    print(load.report())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
