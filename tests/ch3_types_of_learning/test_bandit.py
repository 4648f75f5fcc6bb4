import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch3_types_of_learning.bandit import Bandit, EpsilonGreedyAgent, run_experiment

FAST = settings(derandomize=True, max_examples=50, deadline=None)


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


def test_found_best_counts_runs_whose_top_estimate_is_the_best_arm():
    # Replay the experiment's draws by hand, one greedy step per run, and count
    # the runs whose highest estimate ends on the best arm.
    n_runs, n_arms, seed = 50, 3, 4
    curves = run_experiment(0.0, n_runs=n_runs, n_steps=1, n_arms=n_arms, seed=seed)
    problem_rng, play_rng = np.random.default_rng(seed).spawn(2)
    all_means = problem_rng.standard_normal((n_runs, n_arms))
    found = 0
    for means in all_means:
        agent = EpsilonGreedyAgent(n_arms, 0.0, play_rng)
        arm = agent.act()
        agent.learn(arm, Bandit(means, play_rng).pull(arm))
        found += np.argmax(agent.estimates) == np.argmax(means)
    assert curves.found_best == pytest.approx(found / n_runs)


def test_an_explorer_pulls_the_best_arm_less_often_than_it_finds_it():
    curves = run_experiment(0.1, n_runs=100, n_steps=500, seed=2)
    ceiling = 0.9 + 0.1 / 10  # exploit, or explore and land on the best arm
    assert curves.optimal_share[-100:].mean() < min(curves.found_best, ceiling)


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


@pytest.mark.parametrize(
    ("setting", "minimum"), [("n_runs", 1), ("n_steps", 1), ("n_arms", 2), ("seed", 0)]
)
def test_experiment_rejects_too_small_counts(setting, minimum):
    with pytest.raises(ValueError, match=f"{setting} must be at least {minimum}"):
        run_experiment(0.1, **{setting: minimum - 1})


# Property-based checks: bad input is a clear error that names the argument,
# never a NaN or a silently wrong answer; good input keeps its invariants.

not_whole_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@FAST
@given(setting=st.sampled_from(["n_runs", "n_steps", "n_arms", "seed"]), value=not_whole_numbers)
def test_experiment_counts_must_be_whole_numbers(setting, value):
    with pytest.raises(TypeError, match=f"{setting} must be a whole number"):
        run_experiment(0.1, **{setting: value})


@FAST
@given(
    epsilon=st.one_of(st.floats().filter(lambda e: not 0 <= e <= 1), st.text(max_size=3), st.none())
)
def test_epsilon_outside_zero_one_is_rejected(epsilon):
    with pytest.raises(ValueError, match="epsilon must be between 0 and 1"):
        EpsilonGreedyAgent(3, epsilon, np.random.default_rng(0))


@FAST
@given(bad=st.sampled_from([math.nan, math.inf, -math.inf]), where=st.integers(0, 2))
def test_bandit_rejects_non_finite_means(bad, where):
    means = [0.0, 1.0, 2.0]
    means[where] = bad
    with pytest.raises(ValueError, match="true_means must not contain NaN or infinity"):
        Bandit(means, np.random.default_rng(0))


@FAST
@given(arm=st.one_of(st.integers(max_value=-1), st.integers(min_value=3)))
def test_arms_outside_the_machine_are_rejected(arm):
    bandit = Bandit([0.0, 1.0, 2.0], np.random.default_rng(0))
    agent = EpsilonGreedyAgent(3, 0.1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="arm must be"):
        bandit.pull(arm)
    with pytest.raises(ValueError, match="arm must be"):
        agent.learn(arm, 1.0)


@FAST
@given(arm=not_whole_numbers)
def test_arms_must_be_whole_numbers(arm):
    with pytest.raises(TypeError, match="arm must be a whole number"):
        Bandit([0.0, 1.0], np.random.default_rng(0)).pull(arm)


@FAST
@given(reward=st.one_of(st.sampled_from([math.nan, math.inf, -math.inf]), st.text(max_size=2)))
def test_learning_from_a_non_finite_reward_is_rejected(reward):
    agent = EpsilonGreedyAgent(2, 0.1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="reward must be a finite number"):
        agent.learn(0, reward)
    assert agent.estimates == [0.0, 0.0]


def test_numpy_integers_are_accepted():
    bandit = Bandit([0.0, 1.0], np.random.default_rng(0))
    assert math.isfinite(bandit.pull(np.int64(1)))
    curves = run_experiment(0.1, n_runs=np.int32(2), n_steps=np.int64(3), seed=np.uint8(1))
    assert curves.mean_reward.shape == (3,)


def test_rng_must_be_a_generator():
    with pytest.raises(TypeError, match=r"rng must be a np\.random\.Generator"):
        Bandit([0.0, 1.0], rng=0)
    with pytest.raises(TypeError, match=r"rng must be a np\.random\.Generator"):
        EpsilonGreedyAgent(2, 0.1, rng=None)


@FAST
@given(
    history=st.lists(
        st.tuples(st.integers(0, 3), st.floats(-1e6, 1e6, allow_nan=False)), max_size=30
    )
)
def test_estimates_are_always_the_sample_means(history):
    agent = EpsilonGreedyAgent(4, epsilon=0.5, rng=np.random.default_rng(0))
    for arm, reward in history:
        agent.learn(arm, reward)
    for arm in range(4):
        rewards = [r for a, r in history if a == arm]
        expected = float(np.mean(rewards)) if rewards else 0.0
        assert agent.estimates[arm] == pytest.approx(expected, rel=1e-9, abs=1e-6)
        assert agent.pulls[arm] == len(rewards)


@settings(derandomize=True, max_examples=15, deadline=None)
@given(
    epsilon=st.floats(0, 1),
    n_runs=st.integers(1, 4),
    n_steps=st.integers(1, 20),
    n_arms=st.integers(2, 6),
)
def test_experiment_curves_are_finite_shares_and_rewards(epsilon, n_runs, n_steps, n_arms):
    curves = run_experiment(epsilon, n_runs=n_runs, n_steps=n_steps, n_arms=n_arms)
    assert np.isfinite(curves.mean_reward).all()
    assert ((curves.optimal_share >= 0) & (curves.optimal_share <= 1)).all()
    assert math.isfinite(curves.best_possible)
