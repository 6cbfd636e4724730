"""How fast does gdcore train a small network, beside torch? Run: ``python bench/bench_network.py``.

Prints one plain-text table of medians, all measured in this run, as wall-clock and as CPU
time of this process (on a machine shared with other jobs, the CPU time is what the code costs):

- ``gdcore.fit``: one epoch on 500 points of the circle data set, a network with two hidden
  layers of 8 tanh units and a sigmoid output (binary cross-entropy), mini-batches of 10
  (50 steps), Adam (PyTorch's formulas, eta 0.01, eps 1e-8);
- ``torch`` (float32, its default, and float64): the same network with ``torch.nn``
  (``Sequential`` of ``Linear`` and ``Tanh``, ``BCEWithLogitsLoss``) and ``torch.optim.Adam``
  on the CPU, one thread, the same batches taken as slices of the shuffled tensors (the
  cheapest way torch can take them; no DataLoader), model and optimiser built once outside the
  timing (gdcore's time includes fit's checks and set-up);
- the ratio torch / gdcore (the target: at least 3x);
- the page "Train a network" run in AppTest at its defaults: cold (its caches cleared before
  each run: data, training, evaluation, figures) and warm (a rerun with nothing changed);
  the targets: about 300 ms cold, 100 ms warm.

It also checks that both frameworks make the same epoch: from the same Glorot weights, on the
same batches, in float64, the parameters after 50 Adam steps agree to 1e-10.
Needs torch (``pip install -r bench/requirements.txt``, a CPU wheel).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gdcore  # noqa: E402

N, HIDDEN, BATCH, LR, SEED = 500, (8, 8), 10, 0.01, 0
REPEATS = 31
PAGE = "pages/8_Train_a_network.py"
PAGE_REPEATS = 7


def timed(function) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved_ms(functions: dict, repeats=REPEATS) -> dict[str, tuple[float, float]]:
    """Median (wall ms, CPU ms) of each function, timed in turn within each repeat (so that a busy
    machine slows them alike)."""
    for function in functions.values():
        function()  # warm up
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            times[name].append(timed(function))
    return {name: medians(values) for name, values in times.items()}


def medians(pairs) -> tuple[float, float]:
    return tuple(1000 * statistics.median(column) for column in zip(*pairs, strict=True))


def problem():
    X, y = gdcore.make_playground_data("circle", N, 0.1, SEED)
    net = gdcore.Network(X, y, HIDDEN, "tanh", "sigmoid")
    return net, net.init_params(SEED)


def gdcore_epoch(net, params0):
    optimiser = gdcore.Adam(LR, epsilon=1e-8, convention="pytorch")
    return gdcore.fit(net, params0, optimiser, batch_size=BATCH, epochs=1, seed=SEED)


def torch_model(net, params0, dtype):
    """torch.nn layers holding gdcore's initial weights (torch's Linear keeps W transposed)."""
    layers = []
    for i, (W, b) in enumerate(net.unflatten(params0)):
        linear = torch.nn.Linear(*W.shape, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if i < len(net.hidden):
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def torch_trainer(net, params0, dtype):
    """(model, one_epoch): torch's model and optimiser, built once, and a function that trains one
    epoch on the batches fit takes (its first shuffle); the timing covers the epoch only."""
    model = torch_model(net, params0, dtype)
    optimiser = torch.optim.Adam(model.parameters(), lr=LR)
    loss_function = torch.nn.BCEWithLogitsLoss()
    order = np.random.default_rng(SEED).permutation(N)
    X = torch.from_numpy(net.X[order]).to(dtype)
    y = torch.from_numpy(net.y[order, None]).to(dtype)

    def one_epoch():
        for start in range(0, N, BATCH):
            optimiser.zero_grad()
            loss = loss_function(model(X[start : start + BATCH]), y[start : start + BATCH])
            loss.backward()
            optimiser.step()

    return model, one_epoch


def torch_params(model) -> np.ndarray:
    """The model's parameters in gdcore's order: W_1 (row by row), b_1, W_2, b_2, ..."""
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    return np.concatenate(
        [np.r_[m.weight.detach().numpy().T.ravel(), m.bias.detach().numpy()] for m in linears]
    )


def page_times():
    """(cold, warm), each (wall ms, CPU ms), medians of the page's script run in AppTest at its
    defaults (AppTest runs the script in a thread of this process: the CPU time is the script's)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    at.run()
    if at.exception:
        raise RuntimeError(at.exception)
    cold, warm = [], []
    for _ in range(PAGE_REPEATS):
        st.cache_data.clear()
        cold.append(timed(at.run))
        warm.append(timed(at.run))
    return medians(cold), medians(warm)


def main() -> None:
    torch.set_num_threads(1)
    net, params0 = problem()
    history = gdcore_epoch(net, params0)
    model, one_epoch = torch_trainer(net, params0, torch.float64)
    one_epoch()
    gap = float(np.max(np.abs(torch_params(model) - history.params[-1])))
    if gap > 1e-10:
        raise RuntimeError(f"gdcore and torch disagree after one epoch: largest difference {gap:.3g}")

    times = interleaved_ms(
        {
            "gdcore.fit": lambda: gdcore_epoch(net, params0),
            "torch.nn + optim (float32)": torch_trainer(net, params0, torch.float32)[1],
            "torch (float64)": torch_trainer(net, params0, torch.float64)[1],
        }
    )
    (ours, ours_cpu), (theirs32, theirs32_cpu) = times["gdcore.fit"], times["torch.nn + optim (float32)"]
    cold, warm = page_times()
    steps = N // BATCH
    print(f"One epoch: {N} points, hidden layers {HIDDEN} tanh, batch {BATCH} ({steps} steps), Adam")
    print(f"(torch {torch.__version__}, 1 thread; same epoch in float64: largest difference {gap:.1e})")
    print(f"{'':<28} {'wall ms':>8} {'CPU ms':>8} {'CPU us/step':>12} {'torch32 / this (CPU)':>21}")
    for name, (wall, cpu) in times.items():
        print(f"{name:<28} {wall:>8.2f} {cpu:>8.2f} {1000 * cpu / steps:>12.1f} {theirs32_cpu / cpu:>20.1f}x")
    print(
        f"torch float32 / gdcore: {theirs32 / ours:.1f}x wall, {theirs32_cpu / ours_cpu:.1f}x CPU (target >= 3x)"
    )
    print(
        f"Page '{PAGE}' at defaults (wall / CPU ms): cold {cold[0]:.0f} / {cold[1]:.0f} (target ~300), "
        f"warm {warm[0]:.0f} / {warm[1]:.0f} (target ~100)"
    )


if __name__ == "__main__":
    main()
