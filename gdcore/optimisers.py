"""Optimisers as small pure transforms with explicit state (as in optax).

Slides "Optimisers". Keras 3 names, defaults and update formulas by default;
``convention="pytorch"`` switches to ``torch.optim``'s formulas where the two
frameworks differ, so that the same hyperparameters give the same numbers as
PyTorch. Notation: theta the parameters, g the gradient at theta, eta the
learning rate at this step, t = 1, 2, ... the number of the update.

Usage::

    opt = Adam(learning_rate=0.1)
    state = opt.init(theta)
    theta, state = opt.step(theta, g, state)

``step`` never changes its inputs: it returns new parameters and a new state.
The state is a small dict: ``"step"`` (updates done so far, an int) and named
numpy arrays (``"momentum"``, ``"accumulator"``, ``"m"``, ``"v"``, ...) that a
page can display. The names do not depend on the convention: SGD's and
RMSprop's momentum slot is ``"momentum"`` in both (Keras 3's SGD calls its
slots ``momentums``; torch's ``momentum_buffer``), though what it holds
follows the chosen formulas (see each class).

``apply(params, grads, state, learning_rate)`` is the same update without
checks, with eta given: the form the training engine (:mod:`gdcore.training`)
calls at every step, after checking everything once. ``learning_rate`` is a float or a schedule (any callable of
the step count, from 0; see :mod:`gdcore.schedules`).

Each class also carries ``KERAS_DEFAULTS`` and ``PYTORCH_DEFAULTS`` (the two
frameworks' default hyperparameters, in our argument names),
``PYTORCH_NAMES`` (our argument name -> torch's) and the constructor
``Cls.pytorch(**overrides)``: PyTorch's defaults with ``convention="pytorch"``.
"""

from __future__ import annotations

import math

import numpy as np

from gdcore._validate import MAX_STEPS, as_array, count, finite_number, flag, non_negative, positive

__all__ = ["SGD", "Adagrad", "Adam", "Optimiser", "RMSprop"]

CONVENTIONS = ("keras", "pytorch")


def _unit_interval(value, name):
    """A finite number in [0, 1)."""
    value = finite_number(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return value


def _is_state(state):
    """The one check ``apply`` makes (it costs nothing): the state is a dict."""
    if type(state) is not dict:
        raise TypeError(
            f"state must be the dict returned by init(), step() or apply(), got {type(state).__name__}"
        )


class Optimiser:
    """What every optimiser shares: the learning rate, the convention, init, step and apply.

    Subclasses implement ``_init_arrays(params)`` (the named state arrays) and
    ``apply(params, grads, state, learning_rate)`` (one update with the
    learning rate given, no checks).
    """

    KERAS_DEFAULTS: dict = {}
    PYTORCH_DEFAULTS: dict = {}
    PYTORCH_NAMES: dict = {"learning_rate": "lr"}
    _fields: tuple[str, ...] = ()

    def __init__(self, learning_rate, convention):
        if callable(learning_rate):
            self.learning_rate = learning_rate
        else:
            self.learning_rate = positive(learning_rate, "learning_rate")
        if convention not in CONVENTIONS:
            raise ValueError(f"convention must be 'keras' or 'pytorch', got {convention!r}")
        self.convention = convention

    @classmethod
    def pytorch(cls, **overrides):
        """This optimiser with ``torch.optim``'s default hyperparameters and formulas."""
        return cls(**{**cls.PYTORCH_DEFAULTS, **overrides, "convention": "pytorch"})

    def __repr__(self):
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in ("learning_rate", *self._fields))
        return f"{type(self).__name__}({args}, convention={self.convention!r})"

    @property
    def plain_gradient_step(self) -> bool:
        """True when ``apply`` is exactly theta <- theta - eta g, with no state but the step count.

        A declared property (False unless an optimiser says otherwise): the
        engine may then take a faster path that makes the same updates.
        """
        return False

    def learning_rate_at(self, step):
        """eta at ``step`` (counted from 0): a float, or an array for an array of steps."""
        if callable(self.learning_rate):
            return self.learning_rate(step)
        if np.ndim(step) == 0:
            return self.learning_rate
        return np.full(np.shape(step), self.learning_rate)

    def learning_rates(self, n_steps):
        """eta_k for the steps k = 0, ..., n_steps - 1, as a float array, computed once.

        Vectorised when the schedule takes an array of steps, else one call per
        step. Raises ``ValueError`` naming ``learning_rate`` (and the step) if
        some eta_k is not a finite number >= 0.
        """
        steps = np.arange(count(n_steps, "n_steps", minimum=0, cap=MAX_STEPS))
        try:
            rates = np.asarray(self.learning_rate_at(steps), dtype=float)
            if rates.shape != steps.shape:
                raise ValueError("not one rate per step")
        except Exception:  # a schedule written for one step at a time
            rates = np.array([float(self.learning_rate_at(k)) for k in range(steps.size)])
        bad = np.flatnonzero(~(np.isfinite(rates) & (rates >= 0)))
        if bad.size:
            k = int(bad[0])
            raise ValueError(f"learning_rate must be finite and >= 0, got {rates[k]} at step {k}")
        return rates

    def init(self, params):
        """The state before the first update: ``{"step": 0, <named arrays>}``."""
        params = as_array(params, "params")
        return {"step": 0, **self._init_arrays(params)}

    def step(self, params, grads, state):
        """One checked update: return ``(new_params, new_state)``; the inputs are not changed.

        Checks ``params``, ``grads`` (finite, same shape) and ``state`` (from
        ``init`` or ``step``), takes eta = ``learning_rate_at(state["step"])``
        and calls :meth:`apply`.
        """
        params = as_array(params, "params")
        grads = as_array(grads, "grads")
        if grads.shape != params.shape:
            raise ValueError(f"grads must have the shape of params {params.shape}, got {grads.shape}")
        if not isinstance(state, dict) or set(state) != set(self.init(params)):
            raise TypeError(f"state must be the dict returned by {type(self).__name__}.init() or step()")
        t = state["step"]
        learning_rate = float(self.learning_rate_at(t))
        if not (math.isfinite(learning_rate) and learning_rate >= 0):
            raise ValueError(f"learning_rate at step {t} must be finite and >= 0, got {learning_rate}")
        return self.apply(params, grads, state, learning_rate)

    def _init_arrays(self, params):  # pragma: no cover - every optimiser overrides it
        raise NotImplementedError

    def apply(self, params, grads, state, learning_rate):  # pragma: no cover - every optimiser overrides it
        """One update with eta = ``learning_rate`` given: ``(new_params, new_state)``, no checks.

        Parameters
        ----------
        params, grads : float arrays of the same shape
            theta and g = dL/dtheta at theta.
        state : dict
            From ``init``, ``step`` or ``apply``; not changed.
        learning_rate : float
            eta for this update (the engine computes the schedule's rates once).

        Returns
        -------
        (new_params, new_state)
        """
        raise NotImplementedError


class SGD(Optimiser):
    """Gradient descent, optionally with (Nesterov) momentum.

    The state's ``"momentum"`` array (when mu > 0) is v in Keras's formulas
    and b in PyTorch's.

    Keras (``convention="keras"``), velocity v starting at 0::

        momentum mu = 0:   theta <- theta - eta g
        momentum mu > 0:   v <- mu v - eta g
                           theta <- theta + v                    (plain)
                           theta <- theta + mu v - eta g         (nesterov)

    PyTorch (``convention="pytorch"``), momentum buffer b starting at 0
    (torch sets b = g at the first update, which is the same thing)::

        b <- mu b + g
        theta <- theta - eta b                                   (plain)
        theta <- theta - eta (g + mu b)                          (nesterov)

    At a constant learning rate the two agree (v = -eta b); with a schedule
    they differ, because Keras scales each gradient by the rate of its own
    step, PyTorch scales the whole buffer by the current rate.
    ``nesterov=True`` without momentum is plain gradient descent here (torch
    would refuse it).

    Parameters
    ----------
    learning_rate : float > 0 or schedule
        eta (Keras default 0.01; torch.optim.SGD's default is 0.001 in recent
        releases, a required argument in older ones).
    momentum : float in [0, 1)
        mu; 0 is plain gradient descent.
    nesterov : bool
        Use Nesterov's look-ahead form of momentum.
    convention : "keras" or "pytorch"
    """

    KERAS_DEFAULTS = {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False}
    PYTORCH_DEFAULTS = {"learning_rate": 0.001, "momentum": 0.0, "nesterov": False}
    PYTORCH_NAMES = {"learning_rate": "lr", "momentum": "momentum", "nesterov": "nesterov"}
    _fields = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, *, convention="keras"):
        super().__init__(learning_rate, convention)
        self.momentum = _unit_interval(momentum, "momentum")
        self.nesterov = flag(nesterov, "nesterov")

    @property
    def plain_gradient_step(self) -> bool:
        """True without momentum: theta <- theta - eta g."""
        return self.momentum == 0

    def _init_arrays(self, params):
        if self.momentum == 0:
            return {}
        return {"momentum": np.zeros_like(params)}

    def apply(self, params, grads, state, learning_rate):
        """One update (the formulas above) with eta given; no checks."""
        _is_state(state)
        mu = self.momentum
        t = state["step"] + 1
        if mu == 0:
            return params - learning_rate * grads, {"step": t}
        if self.convention == "keras":  # v <- mu v - eta g
            velocity = mu * state["momentum"] - learning_rate * grads
            if self.nesterov:
                return params + (mu * velocity - learning_rate * grads), {"step": t, "momentum": velocity}
            return params + velocity, {"step": t, "momentum": velocity}
        buffer = mu * state["momentum"] + grads  # b <- mu b + g
        direction = grads + mu * buffer if self.nesterov else buffer
        return params - learning_rate * direction, {"step": t, "momentum": buffer}


class Adagrad(Optimiser):
    """Adagrad: each parameter's step shrinks with its accumulated squared gradients.

    Both conventions accumulate A <- A + g^2 (A starts at
    ``initial_accumulator_value``); they differ in where epsilon goes::

        Keras:    theta <- theta - eta g / sqrt(A + epsilon)
        PyTorch:  theta <- theta - eta g / (sqrt(A) + epsilon)

    torch.optim.Adagrad starts A at 0 by default (Keras at 0.1): the value
    passed is used in both conventions, and ``Adagrad.pytorch()`` passes 0.
    (torch's ``lr_decay`` and ``weight_decay`` are left at their default, 0.)

    Parameters
    ----------
    learning_rate : float > 0 or schedule
        eta (Keras 0.001, torch 0.01).
    initial_accumulator_value : float >= 0
        Starting value of A (Keras 0.1, torch 0).
    epsilon : float > 0
        Keras 1e-7, torch 1e-10.
    convention : "keras" or "pytorch"
    """

    KERAS_DEFAULTS = {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7}
    PYTORCH_DEFAULTS = {"learning_rate": 0.01, "initial_accumulator_value": 0.0, "epsilon": 1e-10}
    PYTORCH_NAMES = {
        "learning_rate": "lr",
        "initial_accumulator_value": "initial_accumulator_value",
        "epsilon": "eps",
    }
    _fields = ("initial_accumulator_value", "epsilon")

    def __init__(
        self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, *, convention="keras"
    ):
        super().__init__(learning_rate, convention)
        self.initial_accumulator_value = non_negative(initial_accumulator_value, "initial_accumulator_value")
        self.epsilon = positive(epsilon, "epsilon")

    def _init_arrays(self, params):
        return {"accumulator": np.full_like(params, self.initial_accumulator_value)}

    def apply(self, params, grads, state, learning_rate):
        """One update (the formulas above) with eta given; no checks."""
        _is_state(state)
        accumulator = state["accumulator"] + grads * grads
        if self.convention == "keras":
            denominator = np.sqrt(accumulator + self.epsilon)
        else:
            denominator = np.sqrt(accumulator) + self.epsilon
        if self.convention == "keras":
            new = params - learning_rate * grads / denominator
        else:  # torch: param.addcdiv_(grad, std, value=-lr)
            new = params - learning_rate * (grads / denominator)
        return new, {"step": state["step"] + 1, "accumulator": accumulator}


class RMSprop(Optimiser):
    """RMSprop: divide the gradient by a moving root-mean-square of recent gradients.

    Both conventions keep the mean square S <- rho S + (1 - rho) g^2 (torch
    calls rho ``alpha``) and, when ``centered``, the mean gradient
    G <- rho G + (1 - rho) g, with D = S - G^2 (else D = S). Then::

        Keras:    step = eta g / sqrt(D + epsilon)
                  momentum mu = 0:  theta <- theta - step
                  momentum mu > 0:  M <- mu M + step;  theta <- theta - M
        PyTorch:  d = sqrt(D) + epsilon
                  momentum mu = 0:  theta <- theta - eta g / d
                  momentum mu > 0:  B <- mu B + g / d;  theta <- theta - eta B

    The defaults differ too (Keras: eta 0.001, rho 0.9, epsilon 1e-7;
    torch: lr 0.01, alpha 0.99, eps 1e-8), so the same "defaults" train
    differently. (torch's ``weight_decay`` is left at 0.) The state's
    ``"momentum"`` array (when mu > 0) is M in Keras's formulas, B in PyTorch's.

    Parameters
    ----------
    learning_rate : float > 0 or schedule
        eta.
    rho : float in [0, 1)
        Discount of the moving averages.
    momentum : float in [0, 1)
        mu; 0 for none.
    epsilon : float > 0
    centered : bool
        Normalise by the estimated variance S - G^2 instead of S.
    convention : "keras" or "pytorch"
    """

    KERAS_DEFAULTS = {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False}
    PYTORCH_DEFAULTS = {
        "learning_rate": 0.01,
        "rho": 0.99,
        "momentum": 0.0,
        "epsilon": 1e-8,
        "centered": False,
    }
    PYTORCH_NAMES = {
        "learning_rate": "lr",
        "rho": "alpha",
        "momentum": "momentum",
        "epsilon": "eps",
        "centered": "centered",
    }
    _fields = ("rho", "momentum", "epsilon", "centered")

    def __init__(
        self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, *, convention="keras"
    ):
        super().__init__(learning_rate, convention)
        self.rho = _unit_interval(rho, "rho")
        self.momentum = _unit_interval(momentum, "momentum")
        self.epsilon = positive(epsilon, "epsilon")
        self.centered = flag(centered, "centered")

    def _init_arrays(self, params):
        arrays = {"mean_square": np.zeros_like(params)}
        if self.centered:
            arrays["mean_gradient"] = np.zeros_like(params)
        if self.momentum > 0:
            arrays["momentum"] = np.zeros_like(params)
        return arrays

    def apply(self, params, grads, state, learning_rate):
        """One update (the formulas above) with eta given; no checks."""
        _is_state(state)
        rho, mu = self.rho, self.momentum
        new_state = {"step": state["step"] + 1}
        mean_square = rho * state["mean_square"] + (1.0 - rho) * (grads * grads)
        new_state["mean_square"] = mean_square
        if self.centered:
            if self.convention == "keras":
                mean_gradient = rho * state["mean_gradient"] + (1.0 - rho) * grads
            else:  # torch: grad_avg.lerp_(grad, 1 - alpha)
                mean_gradient = state["mean_gradient"] + (1.0 - rho) * (grads - state["mean_gradient"])
            new_state["mean_gradient"] = mean_gradient
            spread = mean_square - mean_gradient * mean_gradient
        else:
            spread = mean_square
        if self.convention == "keras":
            increment = learning_rate * grads / np.sqrt(spread + self.epsilon)
            if mu > 0:
                increment = mu * state["momentum"] + increment
                new_state["momentum"] = increment
            return params - increment, new_state
        scaled = grads / (np.sqrt(spread) + self.epsilon)
        if mu > 0:
            scaled = mu * state["momentum"] + scaled
            new_state["momentum"] = scaled
        return params - learning_rate * scaled, new_state


class Adam(Optimiser):
    """Adam: momentum on the gradient, RMSprop-style scaling, with bias correction.

    Both conventions keep the moving moments (t = 1, 2, ... the update number)::

        m <- beta_1 m + (1 - beta_1) g
        v <- beta_2 v + (1 - beta_2) g^2
        amsgrad:  v_max <- max(v_max, v), used in place of v below

    and differ in where epsilon sits relative to the bias correction::

        Keras (epsilon-hat):  eta_t = eta sqrt(1 - beta_2^t) / (1 - beta_1^t)
                              theta <- theta - eta_t m / (sqrt(v) + epsilon)
        PyTorch:              m_hat = m / (1 - beta_1^t),  v_hat = v / (1 - beta_2^t)
                              theta <- theta - eta m_hat / (sqrt(v_hat) + epsilon)

    (In torch's form, Keras's epsilon acts as epsilon / sqrt(1 - beta_2^t),
    so the two agree unless sqrt(v) is tiny.) Defaults: Keras
    epsilon 1e-7, torch 1e-8; the rest agree. (torch's ``weight_decay`` is
    left at 0.)

    Parameters
    ----------
    learning_rate : float > 0 or schedule
        eta.
    beta_1, beta_2 : float in [0, 1)
        Discounts of the first and second moments.
    epsilon : float > 0
    amsgrad : bool
        Use the running maximum of v (AMSGrad).
    convention : "keras" or "pytorch"
    """

    KERAS_DEFAULTS = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
        "amsgrad": False,
    }
    PYTORCH_DEFAULTS = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-8,
        "amsgrad": False,
    }
    PYTORCH_NAMES = {
        "learning_rate": "lr",
        "beta_1": "betas[0]",
        "beta_2": "betas[1]",
        "epsilon": "eps",
        "amsgrad": "amsgrad",
    }
    _fields = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        *,
        convention="keras",
    ):
        super().__init__(learning_rate, convention)
        self.beta_1 = _unit_interval(beta_1, "beta_1")
        self.beta_2 = _unit_interval(beta_2, "beta_2")
        self.epsilon = positive(epsilon, "epsilon")
        self.amsgrad = flag(amsgrad, "amsgrad")

    def _init_arrays(self, params):
        arrays = {"m": np.zeros_like(params), "v": np.zeros_like(params)}
        if self.amsgrad:
            arrays["v_max"] = np.zeros_like(params)
        return arrays

    def apply(self, params, grads, state, learning_rate):
        """One update (the formulas above) with eta given; no checks."""
        _is_state(state)
        b1, b2 = self.beta_1, self.beta_2
        t = state["step"] + 1
        new_state = {"step": t}
        # Keras writes m + (g - m)(1 - beta_1), torch m.lerp_(g, 1 - beta_1): the same numbers.
        m = state["m"] + (grads - state["m"]) * (1.0 - b1)
        if self.convention == "keras":
            v = state["v"] + (grads * grads - state["v"]) * (1.0 - b2)
        else:  # torch: v.mul_(beta_2).addcmul_(g, g, value=1 - beta_2)
            v = b2 * state["v"] + (1.0 - b2) * (grads * grads)
        new_state["m"], new_state["v"] = m, v
        if self.amsgrad:
            v = np.maximum(state["v_max"], v)
            new_state["v_max"] = v
        correction_1 = 1.0 - b1**t
        correction_2 = 1.0 - b2**t
        if self.convention == "keras":
            alpha = learning_rate * math.sqrt(correction_2) / correction_1
            return params - alpha * m / (np.sqrt(v) + self.epsilon), new_state
        denominator = np.sqrt(v) / math.sqrt(correction_2) + self.epsilon
        return params - (learning_rate / correction_1) * (m / denominator), new_state
