"""How fast is gdcore's engine per step? Run: ``python bench/bench_fit.py``.

One run times, side by side, mini-batch SGD on the same problem (n = 1000,
one feature, batch 32, learning rate 0.01, 100 epochs = 3200 steps, the
history of every step kept):

- ``fit(LinearRegression)``: gdcore's engine on the lecture's problem (it
  declares ``LinearLeastSquares``, so plain SGD takes the engine's fast path);
- ``fit(protocol-only problem)``: the engine on ``ProtocolOnly`` below, a
  problem with only what ``gdcore.Problem`` requires (``n_examples``,
  ``loss``, ``gradient``): the engine's general loop, two calls per step;
- ``plain Python``: the lecture's mini-batch pseudocode in plain Python
  (lists of (x, y) pairs, a for-loop over the examples of each batch);
- ``torch.optim.SGD``: a ``torch.nn.Linear(1, 1)`` model (float64, CPU, one
  thread) with ``MSELoss``, ``zero_grad``/``backward``/``step`` per batch.

All four use the same numpy permutations per epoch, so they end at the same
parameters (checked). Times are medians of REPEATS interleaved rounds.
Targets (issue 14): the engine >= 1.5x faster per step than plain Python and
>= 20x faster than torch.optim, and never slower than plain Python for the
protocol-only problem. torch: ``pip install -r bench/requirements.txt``.
"""

from __future__ import annotations

import sys

import numpy as np
from _common import median_times  # bench/ is on sys.path when this script runs

from gdcore import SGD, LinearRegression, fit, make_linear_data

N, BATCH, EPOCHS, LR, SEED = 1000, 32, 100, 0.01, 0
REPEATS = 9


class ProtocolOnly:
    """The MSE of y_hat = w x + b with only what ``gdcore.Problem`` requires.

    Plain NumPy on the rows a_i = (x_i, 1): Loss = r . r / m and
    (dL/dw, dL/db) = (2/m) r A for the residuals r = A theta - y of the
    m examples ``idx``.
    """

    def __init__(self, x, y):
        self.A = np.column_stack([x, np.ones(len(x))])
        self.y = np.asarray(y, dtype=float)
        self.n_examples = len(self.y)

    def _residual(self, params, idx):
        A, y = (self.A, self.y) if idx is None else (self.A.take(idx, axis=0), self.y.take(idx))
        return A, A.dot(params) - y

    def loss(self, params, idx=None):
        _, r = self._residual(params, idx)
        return float(r.dot(r)) / len(r)

    def gradient(self, params, idx=None):
        A, r = self._residual(params, idx)
        return r.dot(A) * (2.0 / len(r))


def plain_python(x, y, epochs, batch_size, learning_rate, seed):
    """The lecture's mini-batch loop in plain Python, recording the same history as fit."""
    rng = np.random.default_rng(seed)  # the same permutations as fit
    examples = list(zip(x.tolist(), y.tolist(), strict=True))
    n = len(examples)
    n_batches = (n + batch_size - 1) // batch_size

    def full_loss(w, b):
        total = 0.0
        for xi, yi in examples:
            residual = w * xi + b - yi
            total += residual * residual
        return total / n

    w = b = 0.0
    params, step_loss, rates, epoch_of_step = [(w, b)], [], [], []
    epoch_loss = [full_loss(w, b)]
    for epoch in range(epochs):
        data = [examples[i] for i in rng.permutation(n).tolist()]  # rnd.shuffle(data)
        for k in range(n_batches):
            batch = data[k * batch_size : (k + 1) * batch_size]
            loss = grad_w = grad_b = 0.0
            for xi, yi in batch:
                residual = w * xi + b - yi
                loss += residual * residual
                grad_w += 2 * residual * xi
                grad_b += 2 * residual
            m = len(batch)
            step_loss.append(loss / m)
            w -= learning_rate * grad_w / m
            b -= learning_rate * grad_b / m
            params.append((w, b))
            rates.append(learning_rate)
            epoch_of_step.append(epoch)
        epoch_loss.append(full_loss(w, b))
    return np.array(params), step_loss, epoch_loss, rates, epoch_of_step


def torch_loop(torch, x, y, epochs, batch_size, learning_rate, seed):
    """torch.optim.SGD on a Linear(1, 1) model, recording the parameters and loss of every step."""
    rng = np.random.default_rng(seed)
    n = len(y)
    X = torch.tensor(x[:, None])
    Y = torch.tensor(y[:, None])
    model = torch.nn.Linear(1, 1, dtype=torch.float64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimiser = torch.optim.SGD(model.parameters(), lr=learning_rate)
    mse = torch.nn.MSELoss()
    n_batches = -(-n // batch_size)
    params = np.zeros((epochs * n_batches + 1, 2))
    step_loss = []
    k = 0
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n))
        A, t = X[order], Y[order]
        for start in range(0, n, batch_size):
            optimiser.zero_grad()
            loss = mse(model(A[start : start + batch_size]), t[start : start + batch_size])
            loss.backward()
            optimiser.step()
            step_loss.append(loss.item())
            params[k + 1] = model.weight.item(), model.bias.item()
            k += 1
    return params, step_loss


def main():
    x, y = make_linear_data(N, noise=1.0, seed=1)
    lecture = LinearRegression(x, y)
    protocol_only = ProtocolOnly(x, y)
    steps = EPOCHS * -(-N // BATCH)

    def engine(problem):
        return lambda: fit(problem, np.zeros(2), SGD(LR), batch_size=BATCH, epochs=EPOCHS, seed=SEED)

    loops = {
        "fit(LinearRegression)": engine(lecture),
        "fit(protocol-only problem)": engine(protocol_only),
        "plain Python (lecture loop)": lambda: plain_python(x, y, EPOCHS, BATCH, LR, SEED),
    }
    try:
        import torch
    except ImportError:
        torch = None
        torch_note = "torch.optim: not installed (pip install -r bench/requirements.txt), not measured"
    else:
        torch.set_num_threads(1)
        torch_note = f"torch {torch.__version__}, CPU, 1 thread"
        loops["torch.optim.SGD, nn.Linear"] = lambda: torch_loop(torch, x, y, EPOCHS, BATCH, LR, SEED)

    reference = plain_python(x, y, EPOCHS, BATCH, LR, SEED)[0]
    gaps = {name: np.max(np.abs(engine(p)().params - reference)) for name, p in (("lecture", lecture),)}
    gaps["protocol-only"] = np.max(np.abs(engine(protocol_only)().params - reference))
    if torch is not None:
        gaps["torch"] = np.max(np.abs(torch_loop(torch, x, y, EPOCHS, BATCH, LR, SEED)[0] - reference))

    timed = median_times(loops, REPEATS)
    per_step = {name: seconds / steps * 1e6 for name, seconds in timed.items()}
    python = per_step["plain Python (lecture loop)"]

    print(f"gdcore engine benchmark: median of {REPEATS} interleaved repeats")
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}; {torch_note}")
    print(f"mini-batch SGD, n={N}, 1 feature, batch {BATCH}, lr={LR}, {EPOCHS} epochs = {steps} steps")
    print()
    header = f"{'loop':<30}{'us/step':>10}{'plain Python / loop':>22}{'torch / loop':>15}"
    print(header)
    print("-" * len(header))
    torch_step = per_step.get("torch.optim.SGD, nn.Linear")
    for name, us in per_step.items():
        vs_torch = f"{torch_step / us:>14.1f}x" if torch_step else f"{'-':>15}"
        print(f"{name:<30}{us:>10.2f}{python / us:>21.2f}x{vs_torch}")
    print()
    targets = [
        ("fit(LinearRegression) vs plain Python", python / per_step["fit(LinearRegression)"], 1.5),
        ("fit(protocol-only) vs plain Python", python / per_step["fit(protocol-only problem)"], 1.0),
    ]
    if torch_step:
        targets.append(
            ("fit(LinearRegression) vs torch.optim", torch_step / per_step["fit(LinearRegression)"], 20)
        )
        targets.append(
            ("fit(protocol-only) vs torch.optim", torch_step / per_step["fit(protocol-only problem)"], 20)
        )
    for label, ratio, target in targets:
        print(
            f"{label:<40}{ratio:>7.2f}x faster  (target >= {target}x: {'met' if ratio >= target else 'NOT met'})"
        )
    print()
    print(
        "same parameters as plain Python (max |difference| over every step): "
        + ", ".join(f"{name} {gap:.1e}" for name, gap in gaps.items())
    )


if __name__ == "__main__":
    main()
