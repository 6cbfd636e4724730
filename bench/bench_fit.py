"""How fast is gdcore.fit per step? Run: ``python bench/bench_fit.py``.

Prints one plain-text table (median of several repeats):

- ``fit``: mini-batch SGD on LinearRegression, n = 1000, one feature,
  batch 32, 100 epochs, learning rate 0.01 (3200 steps), full History kept;
- ``plain Python``: the lecture's mini-batch pseudocode in plain Python
  (lists of (x, y) pairs, a for-loop over the examples of each batch),
  recording the same history (parameters, step loss, epoch loss, learning
  rate, epoch). It shuffles with the same numpy permutations as ``fit``, so
  both must end at the same parameters (checked);
- ``fit, general loop``: fit on the same problem disguised so that it takes
  the loop every other problem and optimiser uses (not the fast path for
  plain SGD on a LinearRegression);
- ``minimal NumPy``: a hand-written NumPy loop doing the same work with no
  checks and no optimiser object: about the floor for a step-by-step NumPy
  loop;
- ``torch.optim`` (only when torch is installed): the same loop with
  ``torch.optim.SGD`` on tensors;
- one epoch of fit on a large problem (n = 1,000,000, 10 features, batch 256)
  beside one pass over X (``X.sum()``).

The target: fit at least 1.5x faster per step than the plain-Python loop.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdcore import SGD, LinearRegression, fit, make_linear_data  # noqa: E402

N, BATCH, EPOCHS, LR, SEED = 1000, 32, 100, 0.01, 0
REPEATS = 9


class GeneralLoop:
    """A LinearRegression in disguise: fit does not take its fast path, but its general loop.

    The problem's own bound methods are used, so no extra call is added per step.
    """

    def __init__(self, problem):
        self.problem = problem
        self.n_examples, self.n_params = problem.n_examples, problem.n_params
        self.loss, self.gradient = problem.loss, problem.gradient
        self.loss_and_gradient = problem.loss_and_gradient

    def reordered(self, order):
        return GeneralLoop(self.problem.reordered(order))


def median_times(functions, repeats):
    """Median wall time of each function, timed in interleaved rounds (after a warm-up).

    Interleaving spreads any load from other processes over all the loops alike.
    """
    times = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def plain_python(x, y, epochs, batch_size, learning_rate, seed):
    """The lecture's mini-batch loop in plain Python, recording the history."""
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
    return params, step_loss, epoch_loss, rates, epoch_of_step


def minimal_numpy(x, y, epochs, batch_size, learning_rate, seed):
    """The same loop in NumPy with nothing but the arithmetic and the history."""
    rng = np.random.default_rng(seed)
    n = len(y)
    design = np.column_stack([x, np.ones(n)])
    n_batches = -(-n // batch_size)
    total = epochs * n_batches
    params = np.zeros((total + 1, 2))
    step_loss = np.empty(total)
    epoch_loss = np.empty(epochs + 1)
    epoch_of_step = np.empty(total, dtype=np.int64)
    rates = np.full(total, learning_rate)
    theta = params[0]
    r = design @ theta - y
    epoch_loss[0] = r @ r / n
    k = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        A, t = design[order], y[order]
        for start in range(0, n, batch_size):
            a, yb = A[start : start + batch_size], t[start : start + batch_size]
            r = a @ theta - yb
            m = len(yb)
            step_loss[k] = r @ r / m
            theta = theta - learning_rate * ((r @ a) * (2.0 / m))
            params[k + 1] = theta
            k += 1
        epoch_of_step[k - n_batches : k] = epoch
        r = design @ theta - y
        epoch_loss[epoch + 1] = r @ r / n
    return params, step_loss, epoch_loss, rates, epoch_of_step


def torch_loop(x, y, epochs, batch_size, learning_rate, seed):  # pragma: no cover - optional
    import torch

    rng = np.random.default_rng(seed)
    n = len(y)
    X = torch.tensor(np.column_stack([x, np.ones(n)]))
    Y = torch.tensor(y)
    theta = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.SGD([theta], lr=learning_rate)
    n_batches = -(-n // batch_size)
    params = np.zeros((epochs * n_batches + 1, 2))
    step_loss = []
    k = 0
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n))
        A, t = X[order], Y[order]
        for start in range(0, n, batch_size):
            optimiser.zero_grad()
            r = A[start : start + batch_size] @ theta - t[start : start + batch_size]
            loss = (r * r).mean()
            loss.backward()
            optimiser.step()
            step_loss.append(loss.item())
            params[k + 1] = theta.detach().numpy()
            k += 1
    return params, step_loss


def main():
    x, y = make_linear_data(N, noise=1.0, seed=1)
    problem = LinearRegression(x, y)
    steps = EPOCHS * -(-N // BATCH)

    def run_fit():
        return fit(problem, np.zeros(2), SGD(LR), batch_size=BATCH, epochs=EPOCHS, seed=SEED)

    history = run_fit()
    python_params = plain_python(x, y, EPOCHS, BATCH, LR, SEED)[0]
    numpy_params = minimal_numpy(x, y, EPOCHS, BATCH, LR, SEED)[0]
    gap_python = np.max(np.abs(history.params - np.array(python_params)))
    gap_numpy = np.max(np.abs(history.params - numpy_params))

    loops = {
        "fit (gdcore)": run_fit,
        "fit, general loop": lambda: fit(
            GeneralLoop(problem), np.zeros(2), SGD(LR), batch_size=BATCH, epochs=EPOCHS, seed=SEED
        ),
        "plain Python (lecture loop)": lambda: plain_python(x, y, EPOCHS, BATCH, LR, SEED),
        "minimal NumPy loop": lambda: minimal_numpy(x, y, EPOCHS, BATCH, LR, SEED),
    }
    try:
        import torch  # noqa: F401
    except ImportError:
        torch_note = "torch.optim: not installed, not measured"
    else:
        torch_note = ""
        loops["torch.optim.SGD loop"] = lambda: torch_loop(x, y, EPOCHS, BATCH, LR, SEED)
    timed = median_times(loops, REPEATS)
    rows = [(name, steps, seconds) for name, seconds in timed.items()]

    big_x, big_y = make_linear_data(1_000_000, noise=1.0, seed=2)
    big_X = np.column_stack([big_x] + [np.sin(k * big_x) for k in range(1, 10)])
    big = LinearRegression(big_X, big_y)
    big_steps = -(-1_000_000 // 256)
    big_timed = median_times(
        {
            "fit": lambda: fit(big, np.zeros(11), SGD(LR), batch_size=256, epochs=1, seed=SEED),
            "sum": big.X.sum,
        },
        3,
    )
    big_fit, one_pass = big_timed["fit"], big_timed["sum"]

    fit_per_step = rows[0][2] / steps
    print(
        f"gdcore.fit benchmark (median of repeats; numpy {np.__version__}, Python {sys.version.split()[0]})"
    )
    print()
    print(f"Small problem: LinearRegression n={N}, 1 feature, SGD lr={LR}, batch {BATCH}, {EPOCHS} epochs")
    header = f"{'loop':<30}{'steps':>8}{'time (ms)':>12}{'us/step':>10}{'steps/s':>12}{'vs fit':>9}"
    print(header)
    print("-" * len(header))
    for name, n_steps, seconds in rows:
        per_step = seconds / n_steps
        print(
            f"{name:<30}{n_steps:>8}{seconds * 1e3:>12.1f}{per_step * 1e6:>10.2f}"
            f"{n_steps / seconds:>12,.0f}{per_step / fit_per_step:>8.2f}x"
        )
    if torch_note:
        print(torch_note)
    ratio = (timed["plain Python (lecture loop)"] / steps) / fit_per_step
    verdict = "met" if ratio >= 1.5 else "NOT met"
    print()
    print(f"fit is {ratio:.2f}x faster per step than the plain-Python loop (target >= 1.5x: {verdict})")
    numpy_per_step = timed["minimal NumPy loop"] / steps
    general_per_step = timed["fit, general loop"] / steps
    print(f"fit takes {fit_per_step / numpy_per_step:.2f}x the time per step of the minimal NumPy loop")
    print(
        f"(fit's general loop, used by other problems and optimisers: {general_per_step / numpy_per_step:.2f}x)"
    )
    print(
        f"same results: max |fit - plain Python| = {gap_python:.1e}, max |fit - minimal NumPy| = {gap_numpy:.1e}"
    )
    print()
    print("Large problem: n=1,000,000, 10 features, batch 256, one epoch of SGD")
    print(f"{'fit, one epoch':<30}{big_steps:>8}{big_fit * 1e3:>12.1f}{big_fit / big_steps * 1e6:>10.2f}")
    print(f"{'X.sum(), one pass over X':<30}{'':>8}{one_pass * 1e3:>12.1f}")
    print(f"one epoch of fit = {big_fit / one_pass:.0f} passes over X")


if __name__ == "__main__":
    main()
