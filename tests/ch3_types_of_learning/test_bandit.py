import numpy as np
import pytest

from snippets.ch3_types_of_learning.bandit import Bandit, EpsilonGreedyAgent, run_experiment


def test_estimates_are_the_sample_mean_of_each_arms_rewards():
    agent = EpsilonGreedyAgent(3, epsilon=0.5, rng=np.random.default_rng(0))
    history = {0: [1.0, 2.0, 6.0], 1: [-1.0], 2: []}
    for arm, rewards in history.items():
        for r in rewards:
            agent.learn(arm, r)
    assert agent.estimates == pytest.approx([3.0, -1.0, 0.0])
    assert agent.pulls == [3, 1, 0]


def test_greedy_agent_exploits_and_fully_random_agent_explores_evenly():
    greedy = EpsilonGreedyAgent(4, epsilon=0.0, rng=np.random.default_rng(0))
    greedy.learn(2, 5.0)
    assert {greedy.act() for _ in range(50)} == {2}
    explorer = EpsilonGreedyAgent(4, epsilon=1.0, rng=np.random.default_rng(0))
    explorer.learn(2, 5.0)
    counts = np.bincount([explorer.act() for _ in range(4000)], minlength=4)
    assert counts / 4000 == pytest.approx([0.25] * 4, abs=0.03)


def test_greedy_ties_are_broken_at_random():
    agent = EpsilonGreedyAgent(3, epsilon=0.0, rng=np.random.default_rng(0))
    assert {agent.act() for _ in range(60)} == {0, 1, 2}


def test_pulls_average_to_the_arms_true_mean():
    bandit = Bandit([0.5, -1.0], np.random.default_rng(3))
    rewards = [bandit.pull(1) for _ in range(20_000)]
    assert np.mean(rewards) == pytest.approx(-1.0, abs=0.03)  # 4 standard errors
    assert np.std(rewards) == pytest.approx(1.0, abs=0.03)


def test_experiment_is_reproducible_and_consistent():
    a = run_experiment(0.1, n_runs=5, n_steps=50, seed=9)
    b = run_experiment(0.1, n_runs=5, n_steps=50, seed=9)
    np.testing.assert_array_equal(a.mean_reward, b.mean_reward)
    assert a.mean_reward.shape == a.optimal_share.shape == (50,)
    assert ((a.optimal_share >= 0) & (a.optimal_share <= 1)).all()
    problem_rng, _ = np.random.default_rng(9).spawn(2)
    assert a.best_possible == pytest.approx(problem_rng.standard_normal((5, 10)).max(axis=1).mean())


def test_exploring_beats_pure_greed_on_the_testbed():
    greedy = run_experiment(0.0, n_runs=100, n_steps=300, seed=1)
    exploring = run_experiment(0.1, n_runs=100, n_steps=300, seed=1)
    assert exploring.optimal_share[-50:].mean() > greedy.optimal_share[-50:].mean()


@pytest.mark.parametrize("epsilon", [-0.1, 1.5])
def test_agent_rejects_epsilon_outside_zero_one(epsilon):
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        EpsilonGreedyAgent(3, epsilon, np.random.default_rng(0))


def test_bandit_rejects_bad_arms():
    with pytest.raises(ValueError, match="at least 2 arm means"):
        Bandit([1.0], np.random.default_rng(0))
    with pytest.raises(ValueError, match="at least 2 arm means"):
        Bandit(np.ones((2, 2)), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"arm must be in 0\.\.1"):
        Bandit([1.0, 2.0], np.random.default_rng(0)).pull(2)


def test_experiment_needs_runs_and_steps():
    with pytest.raises(ValueError, match="at least one run and one step"):
        run_experiment(0.1, n_runs=0)
