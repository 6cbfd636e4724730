"""Each kind's question and worked solution, as parts: ("md", Markdown) or ("tex", LaTeX).

The page draws a part with ``st.markdown`` or ``st.latex``; the printable sheet writes the same
parts as Markdown with ``$$ ... $$`` blocks. Every number comes from the gdcore exercise (its
``given`` numbers and its ``work``); here they are only written down, as on the slides.
"""

from __future__ import annotations

import numpy as np

import gdcore
from ui.latex import bmatrix, num, paren, signed

Part = tuple[str, str]

TITLES = {
    "logistic": "Forward pass of a logistic neuron",
    "softmax": "A softmax layer",
    "chain_rule": "The squared error and its derivatives, by the chain rule",
    "sgd": "One iteration of stochastic gradient descent",
    "bgd": "Batch gradient descent: the table and two iterations",
    "learning_rate": "The learning rate on a bowl: creep, slide, oscillate or diverge?",
    "momentum_adam": "One momentum step and Adam's first step",
}

# How the answer inputs are laid out: (caption, names in one row), per kind.
LAYOUT = {
    "logistic": [("z = Xw + b", ["z_1", "z_2", "z_3"]), ("ŷ = σ(z)", ["y_hat_1", "y_hat_2", "y_hat_3"])],
    "softmax": [
        ("Z = XW + b, row 1", ["Z_11", "Z_12"]),
        ("row 2", ["Z_21", "Z_22"]),
        ("row 3", ["Z_31", "Z_32"]),
        ("the softmax of the asked row", ["P_1", "P_2"]),
    ],
    "chain_rule": [
        ("the prediction and the loss", ["y_hat", "loss"]),
        ("the derivatives", ["dloss_dyhat", "dloss_dw", "dloss_db"]),
    ],
    "sgd": [
        ("the prediction and the loss", ["y_hat", "loss"]),
        ("the gradient", ["dloss_dw", "dloss_db"]),
        ("θ₁ = (w₁, b₁)", ["w_1", "b_1"]),
    ],
    "bgd": [
        *[
            (f"row {i}: x = {{x{i}}}", [f"y_hat_{i}", f"loss_{i}", f"dL/dw_{i}", f"dL/db_{i}"])
            for i in (1, 2, 3)
        ],
        ("the mean gradient ∇Loss₁:₃(θ₀)", ["grad_w", "grad_b"]),
        ("θ₁ = (w₁, b₁)", ["w_1", "b_1"]),
        ("θ₂ = (w₂, b₂), after a second iteration", ["w_2", "b_2"]),
    ],
    "learning_rate": [("the factor and two steps", ["factor", "w_1", "w_2"]), ("the regime", ["regime"])],
    "momentum_adam": [
        ("(a) momentum", ["v_1", "w_momentum"]),
        ("(b) Adam: the moments", ["m_1", "v_adam"]),
        ("(b) Adam: the bias corrections", ["m_hat", "v_hat"]),
        ("(b) Adam: the step", ["w_adam"]),
    ],
}


def layout(exercise: gdcore.Exercise) -> list[tuple[str, list[gdcore.Answer]]]:
    """The answer rows of ``exercise``: (caption, answers), every answer exactly once."""
    captions = {f"x{i + 1}": num(x) for i, x in enumerate(np.ravel(exercise.given.get("x", [])))}
    return [
        (caption.format(**captions), [exercise.answer(n) for n in names])
        for caption, names in LAYOUT[exercise.kind]
    ]


def vector(values, spec=".6g") -> str:
    r"""A column vector in parentheses, as the slides write theta and the gradient."""
    return r"\begin{pmatrix} " + r" \\ ".join(num(v, spec) for v in values) + r" \end{pmatrix}"


def chain_rule_latex(work: dict, x, y, w, b) -> list[str]:
    """The prediction, the loss and its derivatives for one observation, numbers substituted
    (``work`` holds gdcore.chain_rule's fields)."""
    d = work["dloss_dyhat"]
    return [
        rf"\hat y(x_i) = w x_i + b = {paren(w)} \times {paren(x)} {signed(b)} = {num(work['y_hat'])}, \qquad "
        rf"\text{{Loss}}_i = (\hat y(x_i) - y_i)^2 = ({num(work['y_hat'])} {signed(-y)})^2 = {num(work['loss'])}",
        rf"\frac{{\partial \text{{Loss}}_i}}{{\partial \hat y}} = 2(\hat y(x_i) - y_i) = 2 \times "
        rf"{paren(work['y_hat'] - y)} = {num(d)}",
        rf"\frac{{\partial \text{{Loss}}_i}}{{\partial w}} = \frac{{\partial \text{{Loss}}_i}}{{\partial \hat y}}"
        rf" \cdot \frac{{\partial \hat y}}{{\partial w}} = {paren(d)} \times {paren(x)} = {num(work['dloss_dw'])},"
        rf" \qquad \frac{{\partial \text{{Loss}}_i}}{{\partial b}} = {paren(d)} \times 1 = {num(work['dloss_db'])}",
    ]


def update_latex(t: int, theta, eta, gradient, step, theta_next, grad_name=r"\nabla \text{Loss}_i"):
    """theta_t = theta_{t-1} - eta * gradient with the numbers, as on the SGD and BGD slides (two lines)."""
    return (
        rf"\begin{{aligned}} \boldsymbol\theta_{{{t}}} &= \boldsymbol\theta_{{{t - 1}}} - \eta\, {grad_name} \\"
        rf" &= {vector(theta)} - {num(eta)} {vector(gradient)} = {vector(theta)} + {vector(step)} = "
        rf"{vector(theta_next)} \end{{aligned}}"
    )


def _array_table(rows: dict) -> str:
    r"""A LaTeX array with one labelled row per entry of ``rows`` (name -> values)."""
    n = len(next(iter(rows.values())))
    body = r" \\ ".join(rf"{name} & " + " & ".join(num(v) for v in values) for name, values in rows.items())
    return r"\begin{array}{c|" + "r" * n + "} " + body + r" \end{array}"


# ------------------------------------------------------------------------------------------------
# Questions


def question(exercise: gdcore.Exercise) -> list[Part]:
    """The data and the question, as on the slides."""
    return _QUESTIONS[exercise.kind](exercise.given)


def _question_logistic(g) -> list[Part]:
    return [
        ("md", "A logistic neuron predicts $\\hat y_i = P(Y_i = 1)$ for three observations with two features each "
               "(slide “Matrix notation”):"),
        ("tex", rf"\mathbf X = {bmatrix(g['X'])}, \quad \mathbf y = {bmatrix(g['y'])}, \quad "
                rf"\mathbf w = {bmatrix(g['w'])}, \quad b = {num(g['b'])}"),
        ("md", "Compute, row by row,"),
        ("tex", r"\mathbf z = \mathbf X \mathbf w + b, \qquad \hat{\mathbf y} = \sigma(\mathbf z) = \frac{1}{1 + e^{-\mathbf z}}."),
    ]  # fmt: skip


def _question_softmax(g) -> list[Part]:
    row = g["row"] + 1
    return [
        ("md", "A dense layer with a softmax output gives the probabilities of two classes "
               "(slide “Using a softmax output”):"),
        ("tex", rf"\mathbf X = {bmatrix(g['X'])}, \quad \mathbf W = {bmatrix(g['W'])}, \quad "
                rf"\mathbf b = ({num(g['b'][0])}, {num(g['b'][1])})"),
        ("md", f"Compute $\\mathbf Z = \\mathbf X \\mathbf W + \\mathbf b$, then row {row} of $\\text{{Softmax}}(\\mathbf Z)$:"),
        ("tex", rf"\hat y_{{{row},j}} = \frac{{e^{{z_{{{row},j}}}}}}{{e^{{z_{{{row},1}}}} + e^{{z_{{{row},2}}}}}}, \quad j = 1, 2."),
    ]  # fmt: skip


def _question_chain_rule(g) -> list[Part]:
    return [
        ("md", "Linear regression $\\hat y(x) = wx + b$ with the squared error, for one observation "
               "(slides “Derivatives” and “Chain rule”):"),
        ("tex", rf"(x_i, y_i) = ({num(g['x'])}, {num(g['y'])}), \qquad w = {num(g['w'])}, \quad b = {num(g['b'])}"),
        ("md", "Compute the prediction, the loss and, by the chain rule, its derivatives:"),
        ("tex", r"\hat y(x_i), \quad \text{Loss}_i = (\hat y(x_i) - y_i)^2, \quad "
                r"\frac{\partial \text{Loss}_i}{\partial \hat y}, \quad \frac{\partial \text{Loss}_i}{\partial w}, "
                r"\quad \frac{\partial \text{Loss}_i}{\partial b}."),
    ]  # fmt: skip


def _question_sgd(g) -> list[Part]:
    return [
        ("md", "Linear regression $\\hat y(x) = wx + b$ with the squared error: start at $\\boldsymbol\\theta_0$, "
               "pick one observation and take one step (slide “SGD, first iteration”):"),
        ("tex", rf"\boldsymbol\theta_0 = (w, b)^\top = {vector(g['theta0'])}, \qquad (x_i, y_i) = ({num(g['x'])}, "
                rf"{num(g['y'])}), \qquad \eta = {num(g['eta'])}"),
        ("md", "Compute $\\hat y(x_i)$, $\\text{Loss}_i$, the gradient $\\nabla \\text{Loss}_i$ and"),
        ("tex", r"\boldsymbol\theta_1 = \boldsymbol\theta_0 - \eta \nabla \text{Loss}_i."),
    ]  # fmt: skip


def _question_bgd(g) -> list[Part]:
    return [
        ("md", "Linear regression $\\hat y(x) = wx + b$ with the mean squared error over three points "
               "(slides “BGD, first/second iteration”):"),
        ("tex", _array_table({"x": g["x"], "y": g["y"]}) + rf", \qquad \boldsymbol\theta_0 = (w, b)^\top = "
                rf"{vector(g['theta0'])}, \qquad \eta = {num(g['eta'])}"),
        ("md", "Fill in the table at $\\boldsymbol\\theta_0$ (for each point $\\hat y$, the loss, dL/dw and dL/db), "
               "take the means of its last two columns and step:"),
        ("tex", r"\nabla \text{Loss}_{1:3} = \frac13 \sum_{i=1}^3 \begin{pmatrix} 2(\hat y_i - y_i)\, x_i \\ "
                r"2(\hat y_i - y_i) \end{pmatrix}, \qquad \boldsymbol\theta_1 = \boldsymbol\theta_0 - \eta "
                r"\nabla \text{Loss}_{1:3}(\boldsymbol\theta_0)."),
        ("md", "Then a second iteration, from $\\boldsymbol\\theta_1$, gives $\\boldsymbol\\theta_2$."),
    ]  # fmt: skip


def _question_learning_rate(g) -> list[Part]:
    return [
        ("md", "Gradient descent on the bowl $f(w) = \\frac a2 w^2$ (minimum at $w = 0$; slide “Learning rates”):"),
        ("tex", rf"a = {num(g['a'])}, \qquad \eta = {num(g['eta'])}, \qquad w_0 = {num(g['w0'])}"),
        ("md", "One step is $w_{k+1} = w_k - \\eta f'(w_k)$. Compute the factor $1 - \\eta a$ by which a step "
               "multiplies $w$, the iterates $w_1$ and $w_2$, and say whether the steps **creep**, **slide** "
               "straight down (converging), **oscillate** or **diverge**."),
    ]  # fmt: skip


def _question_momentum_adam(g) -> list[Part]:
    return [
        ("md", "One weight $w$, at $w_0$ with the gradient $g = \\partial L / \\partial w$ there, and the learning "
               "rate $\\eta$ (slide “Optimisers”):"),
        ("tex", rf"w_0 = {num(g['w0'])}, \qquad g = {num(g['g'])}, \qquad \eta = {num(g['eta'])}"),
        ("md", f"**(a) Momentum**, in Keras's form, with $\\mu = {num(g['mu'])}$ and the velocity "
               f"$v_0 = {num(g['v0'])}$ left by the previous step:"),
        ("tex", r"v_1 = \mu v_0 - \eta g, \qquad w_1 = w_0 + v_1."),
        ("md", f"**(b) Adam's first step** ($t = 1$, from $m_0 = v_0 = 0$) with $\\beta_1 = {num(g['beta_1'])}$, "
               f"$\\beta_2 = {num(g['beta_2'])}$ and $\\varepsilon = 10^{{-7}}$ (too small to matter here):"),
        ("tex", r"m_1 = \beta_1 m_0 + (1 - \beta_1) g, \qquad v_1 = \beta_2 v_0 + (1 - \beta_2) g^2,"),
        ("tex", r"\hat m_1 = \frac{m_1}{1 - \beta_1^t}, \qquad \hat v_1 = \frac{v_1}{1 - \beta_2^t}, \qquad "
                r"w_1 = w_0 - \eta \frac{\hat m_1}{\sqrt{\hat v_1} + \varepsilon}."),
    ]  # fmt: skip


_QUESTIONS = {
    "logistic": _question_logistic,
    "softmax": _question_softmax,
    "chain_rule": _question_chain_rule,
    "sgd": _question_sgd,
    "bgd": _question_bgd,
    "learning_rate": _question_learning_rate,
    "momentum_adam": _question_momentum_adam,
}


# ------------------------------------------------------------------------------------------------
# Worked solutions


def solution(exercise: gdcore.Exercise) -> list[Part]:
    """Every step with the numbers substituted, as the slides do."""
    return _SOLUTIONS[exercise.kind](exercise.given, exercise.work)


def _solution_logistic(g, work) -> list[Part]:
    X, w, b = g["X"], g["w"], g["b"]
    parts: list[Part] = [
        ("md", "Row $i$ of $\\mathbf X \\mathbf w + b$ is $z_i = x_{i,1} w_1 + x_{i,2} w_2 + b$:")
    ]
    for i, (x1, x2) in enumerate(X):
        parts.append(
            ("tex", rf"z_{i + 1} = {paren(x1)} \times {paren(w[0])} + {paren(x2)} \times {paren(w[1])} "
                    rf"{signed(b)} = {num(work['z'][i])}")
        )  # fmt: skip
    parts.append(("md", "Then the sigmoid of each:"))
    for i, z in enumerate(work["z"]):
        parts.append(
            ("tex", rf"\hat y_{i + 1} = \frac{{1}}{{1 + e^{{{num(-z)}}}}} = \frac{{1}}{{1 + {num(work['exp_neg_z'][i], '.4f')}}}"
                    rf" = {num(work['y_hat'][i], '.3f')}")
        )  # fmt: skip
    parts.append(("md", "A positive $z$ gives $\\hat y > 0.5$, a negative one $\\hat y < 0.5$."))
    return parts


def _solution_softmax(g, work) -> list[Part]:
    X, W, b, Z = g["X"], g["W"], g["b"], work["Z"]
    row = work["row"]
    lines = [
        rf"z_{{{i + 1},{j + 1}}} = {paren(X[i, 0])} \times {paren(W[0, j])} + {paren(X[i, 1])} \times {paren(W[1, j])}"
        rf" {signed(b[j])} = {num(Z[i, j])}"
        for i in range(3)
        for j in range(2)
    ]
    e1, e2 = work["exp_row"]
    r = row + 1
    return [
        ("md", "Entry $(i, j)$ of $\\mathbf X \\mathbf W + \\mathbf b$ is row $i$ of $\\mathbf X$ times column $j$ of "
               "$\\mathbf W$, plus $b_j$:"),
        *[("tex", line) for line in lines],
        ("tex", rf"\mathbf Z = {bmatrix(Z)}"),
        ("md", f"Row {r}: exponentiate, then divide by the row's sum."),
        ("tex", rf"e^{{{num(Z[row, 0])}}} = {num(e1, '.4f')}, \quad e^{{{num(Z[row, 1])}}} = {num(e2, '.4f')}, "
                rf"\quad \text{{sum}} = {num(work['exp_sum'], '.4f')}"),
        ("tex", rf"\hat y_{{{r},1}} = \frac{{{num(e1, '.4f')}}}{{{num(work['exp_sum'], '.4f')}}} = "
                rf"{num(work['P'][row, 0], '.3f')}, \qquad \hat y_{{{r},2}} = \frac{{{num(e2, '.4f')}}}"
                rf"{{{num(work['exp_sum'], '.4f')}}} = {num(work['P'][row, 1], '.3f')}"),
        ("md", "The two probabilities add up to 1; the larger $z$ gets the larger probability."),
    ]  # fmt: skip


def _solution_chain_rule(g, work) -> list[Part]:
    return [("tex", line) for line in chain_rule_latex(work, g["x"], g["y"], g["w"], g["b"])]


def _solution_sgd(g, work) -> list[Part]:
    return [
        ("md", f"At $\\boldsymbol\\theta_0 = ({num(g['theta0'][0])}, {num(g['theta0'][1])})$ with "
               f"$(x_i, y_i) = ({num(g['x'])}, {num(g['y'])})$, by the chain rule:"),
        *[("tex", line) for line in chain_rule_latex(work, g["x"], g["y"], *g["theta0"])],
        ("md", f"The gradient is $\\nabla \\text{{Loss}}_i = ({num(work['dloss_dw'])}, {num(work['dloss_db'])})^\\top$; "
               "step against it:"),
        ("tex", update_latex(1, g["theta0"], g["eta"], work["gradient"], work["step"], work["theta_next"])),
    ]  # fmt: skip


def _bgd_table(table, gradient) -> list[Part]:
    """The BGD table and its column means, the gradient."""
    rows = {r"x": table["x"], r"y": table["y"], r"\hat y": table["y_hat"], r"\text{loss}": table["loss"],
            r"\text{dL/dw}": table["dL/dw"], r"\text{dL/db}": table["dL/db"]}  # fmt: skip
    means = (
        r"\nabla \text{Loss}_{1:3} = \begin{pmatrix} \text{mean of dL/dw} \\ \text{mean of dL/db} \end{pmatrix}"
        rf" = {vector(gradient)}"
    )
    return [("tex", _array_table(rows)), ("tex", means)]


def _solution_bgd(g, work) -> list[Part]:
    theta1 = work["theta1"]
    grad = r"\nabla \text{Loss}_{1:3}"
    return [
        ("md", "**Iteration 1**, at $\\boldsymbol\\theta_0$: for each point $\\hat y_i = w x_i + b$, "
               "$\\text{loss}_i = (\\hat y_i - y_i)^2$, dL/dw $= 2(\\hat y_i - y_i)\\,x_i$, dL/db $= 2(\\hat y_i - y_i)$:"),
        *_bgd_table(work["table"], work["gradient"]),
        ("tex", update_latex(1, g["theta0"], g["eta"], work["gradient"], work["step"], theta1, grad_name=grad)),
        ("md", f"**Iteration 2**, at $\\boldsymbol\\theta_1 = ({num(theta1[0])}, {num(theta1[1])})$: a new table, "
               "its means, one more step:"),
        *_bgd_table(work["table1"], work["gradient1"]),
        ("tex", update_latex(2, theta1, g["eta"], work["gradient1"], work["step1"], work["theta2"], grad_name=grad)),
        ("md", "Always the **mean** of the column (divide by $n = 3$), and always **minus** η times the gradient."),
    ]  # fmt: skip


REGIME_REASONS = {
    "creeping": "at most 0.1: each step removes at most a tenth of the distance, so the steps **creep**",
    "converging": "between 0.1 and 1: the factor is between 0 and 0.9, so the steps **slide straight down** (converging)",
    "oscillating": "between 1 and 2: the factor is negative, so each step jumps over the minimum and the steps **oscillate**",
    "bouncing": "exactly 2: the factor is −1, so each step jumps to the mirror point and the steps **bounce "
    "for ever**, neither converging nor diverging",
    "diverging": "above 2: the factor is below −1, so each jump lands further away and the steps **diverge**",
}


def _solution_learning_rate(g, work) -> list[Part]:
    a, eta, w0 = g["a"], g["eta"], g["w0"]
    w1, w2 = work["w"][1], work["w"][2]
    factor = work["factor"]
    return [
        ("md", "The slope is $f'(w) = a w$ (the 2 of $w^2$ cancels the $\\frac12$), so one step multiplies $w$ by a "
               "fixed factor:"),
        ("tex", rf"w_{{k+1}} = w_k - \eta a w_k = (1 - \eta a)\, w_k, \qquad 1 - \eta a = 1 - {num(eta)} \times "
                rf"{num(a)} = {num(factor)}"),
        ("tex", rf"w_1 = {paren(factor)} \times {paren(w0)} = {num(w1)}, \qquad w_2 = {paren(factor)} \times "
                rf"{paren(w1)} = {num(w2)}"),
        ("md", f"$\\eta a = {num(work['product'])}$ is {REGIME_REASONS[work['regime']]}."),
    ]  # fmt: skip


def _solution_momentum_adam(g, work) -> list[Part]:
    w0, grad, eta, mu, v0 = g["w0"], g["g"], g["eta"], g["mu"], g["v0"]
    b1, b2 = g["beta_1"], g["beta_2"]
    return [
        ("md", "**(a) Momentum.** The velocity keeps a share μ of the previous one and adds the gradient step:"),
        ("tex", rf"v_1 = \mu v_0 - \eta g = {num(mu)} \times {paren(v0)} - {num(eta)} \times {paren(grad)} = "
                rf"{num(work['velocity'])}, \qquad w_1 = w_0 + v_1 = {num(w0)} {signed(work['velocity'])} = "
                rf"{num(work['w_momentum'])}"),
        ("md", "**(b) Adam.** The moments start at 0, so after one step they are small:"),
        ("tex", rf"m_1 = (1 - {num(b1)}) \times {paren(grad)} = {num(work['m'])}, \qquad v_1 = (1 - {num(b2)}) "
                rf"\times {paren(grad)}^2 = {num(work['v'])}"),
        ("md", "The bias corrections divide by $1 - \\beta^t$ with $t = 1$, and give back $g$ and $g^2$:"),
        ("tex", rf"\hat m_1 = \frac{{{num(work['m'])}}}{{1 - {num(b1)}}} = {num(work['m_hat'])}, \qquad "
                rf"\hat v_1 = \frac{{{num(work['v'])}}}{{1 - {num(b2)}}} = {num(work['v_hat'])}"),
        ("tex", rf"w_1 = w_0 - \eta \frac{{\hat m_1}}{{\sqrt{{\hat v_1}} + \varepsilon}} = {num(w0)} - {num(eta)} "
                rf"\times \frac{{{num(work['m_hat'])}}}{{{num(work['sqrt_v_hat'])}}} = {num(work['w_adam'], '.3f')}"),
        ("md", "So Adam's first step has length η whatever the size of $g$: only its sign counts. Without the bias "
               "corrections the step would be $\\eta\\,(1 - \\beta_1)/\\sqrt{1 - \\beta_2}$ instead of $\\eta$."),
    ]  # fmt: skip


_SOLUTIONS = {
    "logistic": _solution_logistic,
    "softmax": _solution_softmax,
    "chain_rule": _solution_chain_rule,
    "sgd": _solution_sgd,
    "bgd": _solution_bgd,
    "learning_rate": _solution_learning_rate,
    "momentum_adam": _solution_momentum_adam,
}


def markdown(parts: list[Part]) -> str:
    """The parts as one Markdown text, the LaTeX in ``$$`` blocks (for the printable sheet)."""
    return "\n\n".join(text if kind == "md" else f"$$\n{text}\n$$" for kind, text in parts)
