"""Reinforcement learning in miniature: an epsilon-greedy agent on a
multi-armed bandit.

Chapter 3 ("Types of learning"), section 3.4. Run the whole file to see the
output:

    python snippets/ch3_types_of_learning/bandit.py
"""

# --8<-- [start:bandit]
from dataclasses import dataclass

import numpy as np

NUMBER = (int, float, np.integer, np.floating)


def _whole_number(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a np.random.Generator (default_rng(0))")


class Bandit:
    """The environment: k slot machines ("arms"), each paying a noisy reward."""

    def __init__(self, true_means, rng: np.random.Generator) -> None:
        means = np.asarray(true_means)
        if means.dtype.kind not in "iuf":  # signed, unsigned, floating point
            raise TypeError(f"true_means must hold numbers, got {true_means!r}")
        means = means.astype(float)
        if means.ndim != 1 or len(means) < 2:
            raise ValueError(
                "true_means must be a 1-D array of at least 2 arm means, "
                f"got shape {means.shape}"
            )
        if not np.isfinite(means).all():
            raise ValueError("true_means must not contain NaN or infinity")
        _check_rng(rng)
        self.true_means = means.tolist()
        self.rng = rng

    def pull(self, arm: int) -> float:
        """One pull's reward: the arm's true mean plus standard normal noise."""
        arm = _whole_number("arm", arm, minimum=0)
        if arm >= len(self.true_means):
            raise ValueError(
                f"arm must be in 0..{len(self.true_means) - 1}, got {arm}"
            )
        return self.true_means[arm] + self.rng.standard_normal()


class EpsilonGreedyAgent:
    """The agent: keeps a running average reward per arm (its estimates).

    Its policy: with probability epsilon explore (a random arm); otherwise
    exploit (the arm with the best estimate so far, ties broken at random).
    """

    def __init__(
        self, n_arms: int, epsilon: float, rng: np.random.Generator
    ) -> None:
        n_arms = _whole_number("n_arms", n_arms, minimum=1)
        if not isinstance(epsilon, NUMBER) or not 0 <= epsilon <= 1:
            raise ValueError(
                f"epsilon must be between 0 and 1, got {epsilon!r}"
            )
        _check_rng(rng)
        self.epsilon = float(epsilon)
        self.rng = rng
        # Plain lists: faster than NumPy for a handful of numbers.
        self.estimates = [0.0] * n_arms
        self.pulls = [0] * n_arms

    def act(self) -> int:
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(self.estimates)))
        top = max(self.estimates)
        best = [arm for arm, value in enumerate(self.estimates) if value == top]
        return best[0] if len(best) == 1 else int(self.rng.choice(best))

    def learn(self, arm: int, reward: float) -> None:
        arm = _whole_number("arm", arm, minimum=0)
        if arm >= len(self.estimates):
            raise ValueError(
                f"arm must be in 0..{len(self.estimates) - 1}, got {arm}"
            )
        if not isinstance(reward, NUMBER) or not np.isfinite(reward):
            raise ValueError(f"reward must be a finite number, got {reward!r}")
        self.pulls[arm] += 1
        self.estimates[arm] += (reward - self.estimates[arm]) / self.pulls[arm]


# --8<-- [end:bandit]


# --8<-- [start:experiment]
@dataclass
class Curves:
    mean_reward: np.ndarray  # average reward at each step, over all runs
    optimal_share: np.ndarray  # share of runs that pulled the best arm
    best_possible: float  # average reward if each run always pulled its best
    found_best: float  # share of runs whose top estimate ends on the best arm


def run_experiment(
    epsilon: float,
    n_runs: int = 200,
    n_steps: int = 1000,
    n_arms: int = 10,
    seed: int = 0,
) -> Curves:
    """Average n_runs bandit problems, each with fresh arm means ~ N(0, 1)."""
    n_runs = _whole_number("n_runs", n_runs, minimum=1)
    n_steps = _whole_number("n_steps", n_steps, minimum=1)
    n_arms = _whole_number("n_arms", n_arms, minimum=2)
    seed = _whole_number("seed", seed, minimum=0)
    # Separate streams: every epsilon faces the same n_runs bandit problems.
    problem_rng, play_rng = np.random.default_rng(seed).spawn(2)
    all_means = problem_rng.standard_normal((n_runs, n_arms))
    rewards = np.zeros((n_runs, n_steps))
    optimal = np.zeros((n_runs, n_steps), dtype=bool)
    found = np.zeros(n_runs, dtype=bool)
    for run in range(n_runs):
        bandit = Bandit(all_means[run], play_rng)
        agent = EpsilonGreedyAgent(n_arms, epsilon, play_rng)
        best_arm = int(np.argmax(all_means[run]))
        for step in range(n_steps):
            arm = agent.act()  # action
            reward = bandit.pull(arm)  # the environment answers with a reward
            agent.learn(arm, reward)  # the agent updates its estimates
            rewards[run, step] = reward
            optimal[run, step] = arm == best_arm
        found[run] = np.argmax(agent.estimates) == best_arm
    return Curves(
        rewards.mean(axis=0),
        optimal.mean(axis=0),
        float(all_means.max(axis=1).mean()),
        float(found.mean()),
    )


# The page's experiment: three agents, 200 ten-armed problems of 1,000 steps
# each, judged on their last 100 steps.
EPSILONS = (0.0, 0.01, 0.1)
N_RUNS, N_STEPS, N_ARMS, SEED = 200, 1000, 10, 0
LAST = 100
# --8<-- [end:experiment]


if __name__ == "__main__":
    # --8<-- [start:experiment_demo]
    print(
        f"{'epsilon':>8} {f'avg reward, last {LAST} steps':>27} "
        f"{f'best arm chosen, last {LAST}':>26} {'best arm found':>15}"
    )
    for epsilon in EPSILONS:
        curves = run_experiment(epsilon, N_RUNS, N_STEPS, N_ARMS, seed=SEED)
        print(
            f"{epsilon:>8.2f} {curves.mean_reward[-LAST:].mean():>27.3f} "
            f"{curves.optimal_share[-LAST:].mean():>26.1%} "
            f"{curves.found_best:>15.1%}"
        )
    best = curves.best_possible
    print(f"always pulling the best arm would average {best:.3f}")
    # --8<-- [end:experiment_demo]

    # --8<-- [start:greedy_quiz]
    greedy = EpsilonGreedyAgent(3, epsilon=0.0, rng=np.random.default_rng(1))
    greedy.learn(arm=0, reward=-0.5)  # the first pull disappoints
    greedy.learn(arm=1, reward=0.2)  # the second pays a little
    print([greedy.act() for _ in range(8)])
    print(greedy.estimates, greedy.pulls)
    # --8<-- [end:greedy_quiz]
