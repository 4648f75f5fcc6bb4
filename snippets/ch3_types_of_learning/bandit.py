"""Reinforcement learning in miniature: an epsilon-greedy agent on a multi-armed bandit.

Chapter 3 ("Types of learning"), section 3.4. Run the whole file to see the output:

    python snippets/ch3_types_of_learning/bandit.py
"""

# --8<-- [start:bandit]
from dataclasses import dataclass

import numpy as np


class Bandit:
    """The environment: k slot machines ("arms"), each paying a noisy reward."""

    def __init__(
        self, true_means: np.ndarray, rng: np.random.Generator
    ) -> None:
        means = np.asarray(true_means, dtype=float)
        if means.ndim != 1 or len(means) < 2:
            raise ValueError(
                f"need a 1-D array of at least 2 arm means, got shape {means.shape}"
            )
        self.true_means = means.tolist()
        self.rng = rng

    def pull(self, arm: int) -> float:
        """Reward for one pull: the arm's true mean plus standard normal noise."""
        if not 0 <= arm < len(self.true_means):
            raise ValueError(
                f"arm must be in 0..{len(self.true_means) - 1}, got {arm}"
            )
        return self.true_means[arm] + self.rng.standard_normal()


class EpsilonGreedyAgent:
    """The agent: keeps a running average reward per arm (its value estimates).

    Its policy: with probability epsilon explore (a random arm); otherwise exploit
    (the arm with the best estimate so far, ties broken at random).
    """

    def __init__(
        self, n_arms: int, epsilon: float, rng: np.random.Generator
    ) -> None:
        if not 0 <= epsilon <= 1:
            raise ValueError(f"epsilon must be between 0 and 1, got {epsilon}")
        self.epsilon = epsilon
        self.rng = rng
        self.estimates = [
            0.0
        ] * n_arms  # plain lists: faster than NumPy for 10 numbers
        self.pulls = [0] * n_arms

    def act(self) -> int:
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(self.estimates)))
        top = max(self.estimates)
        best = [arm for arm, value in enumerate(self.estimates) if value == top]
        return best[0] if len(best) == 1 else int(self.rng.choice(best))

    def learn(self, arm: int, reward: float) -> None:
        self.pulls[arm] += 1
        self.estimates[arm] += (reward - self.estimates[arm]) / self.pulls[arm]


# --8<-- [end:bandit]


# --8<-- [start:experiment]
@dataclass
class Curves:
    mean_reward: np.ndarray  # average reward at each step, over all runs
    optimal_share: (
        np.ndarray
    )  # fraction of runs that pulled the best arm at each step
    best_possible: (
        float  # average reward of always pulling each problem's best arm
    )


def run_experiment(
    epsilon: float,
    n_runs: int = 200,
    n_steps: int = 1000,
    n_arms: int = 10,
    seed: int = 0,
) -> Curves:
    """Average n_runs independent bandit problems, each with fresh arm means ~ N(0, 1)."""
    if n_runs < 1 or n_steps < 1:
        raise ValueError(
            f"need at least one run and one step, got {n_runs} runs, {n_steps} steps"
        )
    # Separate streams: every epsilon faces the same n_runs bandit problems.
    problem_rng, play_rng = np.random.default_rng(seed).spawn(2)
    all_means = problem_rng.standard_normal((n_runs, n_arms))
    rewards = np.zeros((n_runs, n_steps))
    optimal = np.zeros((n_runs, n_steps), dtype=bool)
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
    return Curves(
        rewards.mean(axis=0),
        optimal.mean(axis=0),
        float(all_means.max(axis=1).mean()),
    )


# --8<-- [end:experiment]


if __name__ == "__main__":
    # --8<-- [start:experiment_demo]
    print(
        f"{'epsilon':>8} {'avg reward, last 100 steps':>27} {'best arm chosen, last 100':>26}"
    )
    for epsilon in (0.0, 0.01, 0.1):
        curves = run_experiment(epsilon, n_runs=200, n_steps=1000, seed=0)
        print(
            f"{epsilon:>8.2f} {curves.mean_reward[-100:].mean():>27.3f} "
            f"{curves.optimal_share[-100:].mean():>26.1%}"
        )
    print(
        f"always pulling the best arm would average {curves.best_possible:.3f}"
    )
    # --8<-- [end:experiment_demo]
